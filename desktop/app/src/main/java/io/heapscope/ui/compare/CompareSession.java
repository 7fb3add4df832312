package io.heapscope.ui.compare;

import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.Backends;
import io.heapscope.engine.Column;
import io.heapscope.engine.Comparison;
import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.SamplePolicy;
import io.heapscope.scenario.CompileResult;
import io.heapscope.scenario.ScenarioCompiler;
import io.heapscope.scenario.op.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A comparison driven from the window: every command runs on a worker thread of its own and hands
 * the resulting {@link CompareState} to {@code show} (which the view moves to the JavaFX thread),
 * so the JavaFX thread never waits on an agent. Commands given while one runs queue behind it.
 */
public final class CompareSession implements AutoCloseable {

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "compare-session");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<CompareState> show;
    private Comparison comparison;
    private long totalSteps;

    public CompareSession(Consumer<CompareState> show) {
        this.show = show;
    }

    /** The columns of a list such as {@code core,glibc} or {@code eager=core,lazy=core}. */
    public static List<Column> columns(String list) {
        List<Column> out = new ArrayList<>();
        for (String item : list.split(",")) {
            String s = item.strip();
            if (s.isEmpty()) continue;
            int eq = s.indexOf('=');
            String label = eq < 0 ? s : s.substring(0, eq).strip();
            String backend = eq < 0 ? s : s.substring(eq + 1).strip();
            out.add(new Column(label, backend, Backends.forName(backend), Map.of()));
        }
        if (out.isEmpty()) throw new IllegalArgumentException("name at least one column: core, glibc, jemalloc, ...");
        return out;
    }

    /** Compiles the scenario and starts its columns at step 0 (replacing a comparison already open). */
    public void open(String fileName, String text, String columnList) {
        worker.submit(() -> {
            closeComparison();
            try {
                CompileResult compiled = ScenarioCompiler.compile(fileName, text);
                Program program = compiled.program().orElseThrow(() -> new IllegalArgumentException(
                        fileName + " does not compile: " + compiled.errors().getFirst()));
                totalSteps = program.ops().isEmpty() ? 0 : program.ops().getLast().step() + 1L;
                EngineConfig config = EngineConfig.headless(AgentOptions.core())
                        .withSampling(new SamplePolicy(Math.max(1, totalSteps / 400), 0));
                comparison = new Comparison(program, columns(columnList), config);
                show.accept(CompareState.capture(comparison, totalSteps));
            } catch (RuntimeException e) {
                show.accept(CompareState.empty(e.getMessage()));
            }
        });
    }

    public void step() {
        command(Comparison::step);
    }

    public void stepBack() {
        command(Comparison::stepBack);
    }

    public void run() {
        command(Comparison::run);
    }

    public void goToStep(long step) {
        command(c -> c.goToStep(step));
    }

    private void command(Function<Comparison, ?> action) {
        worker.submit(() -> {
            if (comparison == null) return;
            try {
                action.apply(comparison);
                show.accept(CompareState.capture(comparison, totalSteps));
            } catch (RuntimeException e) {
                show.accept(CompareState.empty(e.getMessage()));
            }
        });
    }

    private void closeComparison() {
        if (comparison != null) {
            comparison.close();
            comparison = null;
        }
    }

    @Override
    public void close() {
        worker.submit(this::closeComparison);
        worker.shutdown();
    }
}
