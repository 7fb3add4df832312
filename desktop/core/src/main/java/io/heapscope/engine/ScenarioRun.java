package io.heapscope.engine;

import io.heapscope.model.Snapshot;
import io.heapscope.scenario.CompileResult;
import io.heapscope.scenario.ScenarioCompiler;
import io.heapscope.scenario.op.Program;
import io.heapscope.scenario.source.Diagnostic;
import java.util.List;
import java.util.OptionalLong;

/**
 * A scenario run headless from start to a step (or its end): what the command line's
 * {@code run}, {@code check} and {@code export} do.
 */
public final class ScenarioRun {

    /**
     * The result.
     *
     * @param outcome   how the run ended ({@link StopReason#END}, or FAILED with the agent's error)
     * @param figures   the figures where it stopped
     * @param snapshot  the heap where it stopped (absent after a failure)
     * @param history   figures per sampled step
     * @param wallNanos how long running took (compiling and starting the agent excluded)
     */
    public record Report(Program program, String allocator, StepOutcome outcome, List<ExpectResult> expects,
                         Figures figures, Snapshot snapshot, List<Figures> history, long wallNanos) {

        public boolean failed() {
            return outcome.reason() == StopReason.FAILED;
        }

        public long failedExpects() {
            return expects.stream().filter(ExpectResult::failed).count();
        }
    }

    private ScenarioRun() {
    }

    /** Compiles {@code text}; the diagnostics say why when there is no program. */
    public static CompileResult compile(String fileName, String text) {
        return ScenarioCompiler.compile(fileName, text);
    }

    /** Runs {@code program} to step {@code stopAt} (or the end); throws {@link EngineException} if no agent starts. */
    public static Report run(Program program, EngineConfig config, OptionalLong stopAt) {
        try (Engine engine = new Engine(program, config)) {
            long start = System.nanoTime();
            StepOutcome outcome = stopAt.isPresent() ? engine.goToStep(stopAt.getAsLong()) : engine.run();
            long wall = System.nanoTime() - start;
            Snapshot snapshot = null;
            Figures figures = null;
            if (outcome.reason() != StopReason.FAILED) {
                snapshot = engine.snapshot();
                List<Figures> history = engine.history();
                figures = history.stream().filter(f -> f.step() == outcome.position().step()).findFirst()
                        .orElseGet(() -> Figures.of(outcome.position().step(), outcome.position().opIndex(),
                                engine.eventCount(), engine.metrics()));
            }
            return new Report(program, engine.allocator(), outcome, engine.expectResults(), figures, snapshot,
                    engine.history(), wall);
        }
    }

    /** Warnings worth printing before a run. */
    public static List<Diagnostic> warnings(CompileResult compiled) {
        return compiled.warnings();
    }
}
