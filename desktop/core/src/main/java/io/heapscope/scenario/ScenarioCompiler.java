package io.heapscope.scenario;

import io.heapscope.scenario.compile.Compiler;
import io.heapscope.scenario.source.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiles scenarios to a flat list of ops: parse, check, then unroll. Each stage runs only when
 * the stages before it found no error, so a syntax error does not bring a flood of follow-up
 * errors (an editor wanting both calls {@link Scenario#check} itself). A work limit (ops plus loop
 * iterations) stops runaway loops.
 */
public final class ScenarioCompiler {

    /** The default work limit: twenty million ops and loop iterations. */
    public static final long DEFAULT_WORK_LIMIT = 20_000_000;

    private ScenarioCompiler() {
    }

    public static CompileResult compile(String fileName, String text) {
        return compile(Scenario.parse(fileName, text), DEFAULT_WORK_LIMIT);
    }

    public static CompileResult compile(ParseResult parsed) {
        return compile(parsed, DEFAULT_WORK_LIMIT);
    }

    public static CompileResult compile(ParseResult parsed, long workLimit) {
        List<Diagnostic> diagnostics = new ArrayList<>(parsed.diagnostics());
        if (parsed.ok()) {
            diagnostics.addAll(Scenario.check(parsed));
        }
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            diagnostics.sort(Diagnostic.BY_POSITION);
            return new CompileResult(Optional.empty(), diagnostics);
        }
        Compiler.Output output = Compiler.compile(parsed.script(), workLimit);
        diagnostics.addAll(output.diagnostics());
        diagnostics.sort(Diagnostic.BY_POSITION);
        return new CompileResult(output.program(), diagnostics);
    }
}
