package io.heapscope.scenario;

import io.heapscope.scenario.op.Program;
import io.heapscope.scenario.source.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ScenarioCompiler#compile} returns: the program, present when there was no error,
 * and every diagnostic (syntax, semantic and unrolling; errors and warnings) in source order.
 */
public record CompileResult(Optional<Program> program, List<Diagnostic> diagnostics) {

    public CompileResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean ok() {
        return program.isPresent();
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }
}
