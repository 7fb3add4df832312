package io.heapscope.trace;

import io.heapscope.scenario.CompileResult;
import io.heapscope.scenario.ScenarioCompiler;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.source.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a replay adds to a trace, from an <em>expect file</em> in the scenario language that holds
 * only {@code thread}, {@code set}, {@code mark} and {@code expect} lines: the options are set and
 * the marks taken before the first event, the expects are checked after the last one, on the
 * threads the file declares (the trace's {@code t0}, {@code t1}, ...).
 */
public record TraceSetup(String file, List<String> threads, List<Op.SetOption> options, List<Op.Mark> marks,
                         List<Op.Expect> expects) {

    public static final TraceSetup NONE = new TraceSetup("", List.of(), List.of(), List.of(), List.of());

    /** The setup, or no setup and the diagnostics that say why. */
    public record Parsed(Optional<TraceSetup> setup, List<Diagnostic> diagnostics) {
    }

    /** Compiles the expect file's {@code text}. */
    public static Parsed parse(String fileName, String text) {
        CompileResult compiled = ScenarioCompiler.compile(fileName, text);
        if (compiled.program().isEmpty()) {
            return new Parsed(Optional.empty(), compiled.diagnostics());
        }
        List<Diagnostic> diagnostics = new ArrayList<>(compiled.diagnostics());
        List<Op.SetOption> options = new ArrayList<>();
        List<Op.Mark> marks = new ArrayList<>();
        List<Op.Expect> expects = new ArrayList<>();
        boolean bad = false;
        for (Op op : compiled.program().get().ops()) {
            switch (op) {
                case Op.SetOption o -> options.add(o);
                case Op.Mark m -> marks.add(m);
                case Op.Expect e -> expects.add(e);
                default -> {
                    if (!bad) {
                        diagnostics.add(Diagnostic.error(op.span(), "an expect file for a trace holds only thread, set,"
                                + " mark and expect lines; the trace does the rest"));
                    }
                    bad = true;
                }
            }
        }
        if (bad) {
            return new Parsed(Optional.empty(), diagnostics);
        }
        return new Parsed(Optional.of(new TraceSetup(fileName, compiled.program().get().threads(),
                options, marks, expects)), diagnostics);
    }
}
