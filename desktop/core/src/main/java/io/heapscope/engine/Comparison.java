package io.heapscope.engine;

import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import io.heapscope.scenario.lang.Metric;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * One scenario on several {@link Column}s at once: one engine (and agent) per column, each on a
 * thread of its own, every command applied to all of them and waited for, so the columns move
 * together: a step steps each column by one statement, step back and go-to-step take each to the
 * same step. A command that stops the columns at different steps (a breakpoint, a failed expect
 * in one column only) brings the others back to the earliest of them, so they stay in step.
 * Blocking; call it from one thread at a time (the window's compare view uses a worker).
 *
 * <p>Each column also keeps the figures that {@link Figures} does not carry, {@code held_free} and
 * {@code partial_pages}, at the same sampled steps as its history ({@link #extraSeries}).
 */
public final class Comparison implements AutoCloseable {

    /** The figures of one sampled step a column's {@link Figures} do not carry; -1 where unmeasurable. */
    public record Extra(long step, long heldFree, long partialPages) {
    }

    private final List<Column> columns;
    private final List<Engine> engines = new ArrayList<>();
    private final List<ExecutorService> threads = new ArrayList<>();
    private final List<TreeMap<Long, Extra>> extras = new ArrayList<>();

    /**
     * Starts one engine per column, in parallel. Throws {@link IllegalArgumentException} when two
     * columns share a label or an {@code expect [name]} line names neither a column nor a backend, and
     * {@link EngineException} when an agent does not start.
     */
    public Comparison(Program program, List<Column> columns, EngineConfig base) {
        this.columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least one column");
        }
        Set<String> labels = new HashSet<>();
        Set<String> known = new HashSet<>(io.heapscope.agent.Backends.names());
        for (Column c : columns) {
            if (!labels.add(c.label())) {
                throw new IllegalArgumentException("two columns are labelled '" + c.label() + "'");
            }
            known.addAll(c.names());
        }
        checkExpectNames(program, known);
        for (int i = 0; i < columns.size(); i++) {
            String name = "compare-" + columns.get(i).label();
            threads.add(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            }));
            extras.add(new TreeMap<>());
        }
        List<Future<Engine>> started = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            int column = i;
            started.add(threads.get(i).submit(() -> {
                Engine e = new Engine(c.program(program), c.config(base), c.names());
                e.onSample(() -> record(column, e));
                record(column, e);
                return e;
            }));
        }
        RuntimeException failure = null;
        for (Future<Engine> f : started) {
            try {
                engines.add(f.get());
            } catch (ExecutionException | InterruptedException e) {
                if (failure == null) {
                    failure = unwrap(e);
                }
            }
        }
        if (failure != null) {
            close();
            throw failure;
        }
    }

    private static void checkExpectNames(Program program, Set<String> known) {
        for (Op op : program.ops()) {
            if (op instanceof Op.Expect e) {
                for (String name : e.columns()) {
                    if (!known.contains(name)) {
                        throw new IllegalArgumentException(e.span().position() + ": expect names '" + name
                                + "', which is neither a backend nor a column of this comparison (" + String.join(", ", known.stream()
                                .sorted().toList()) + ")");
                    }
                }
            }
        }
    }

    private void record(int column, Engine engine) {
        MetricValues now = engine.metrics();
        long step = engine.position().step();
        synchronized (extras.get(column)) {
            extras.get(column).put(step, new Extra(step, read(now, Metric.HELD_FREE), read(now, Metric.PARTIAL_PAGES)));
        }
    }

    static long read(MetricValues values, Metric metric) {
        try {
            return (long) values.read(metric, Optional.empty());
        } catch (MetricValues.Unavailable e) {
            return -1;
        }
    }

    public List<Column> columns() {
        return columns;
    }

    /** Column {@code i}'s engine. Use it only through {@link #each}, which runs on the column's thread. */
    public Engine engine(int i) {
        return engines.get(i);
    }

    /** Column {@code i}'s held_free and partial_pages at its sampled steps, in step order. */
    public List<Extra> extraSeries(int i) {
        synchronized (extras.get(i)) {
            return List.copyOf(extras.get(i).values());
        }
    }

    /** Runs {@code action} on every column's engine, each on its own thread, and waits for all. */
    public <T> List<T> each(Function<Engine, T> action) {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++) {
            Engine e = engines.get(i);
            futures.add(threads.get(i).submit(() -> action.apply(e)));
        }
        List<T> out = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<T> f : futures) {
            try {
                out.add(f.get());
            } catch (ExecutionException | InterruptedException e) {
                if (failure == null) {
                    failure = unwrap(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return out;
    }

    /** Every column's figures where it stands (ops and events counted). */
    public List<Figures> figuresNow() {
        return each(e -> Figures.of(e.position().step(), e.position().opIndex(), e.eventCount(), e.metrics()));
    }

    /** Every column's held_free and partial_pages where it stands. */
    public List<Extra> extraNow() {
        return each(e -> {
            MetricValues now = e.metrics();
            return new Extra(e.position().step(), read(now, Metric.HELD_FREE), read(now, Metric.PARTIAL_PAGES));
        });
    }

    /** Every column one statement on. */
    public List<StepOutcome> step() {
        return aligned(each(Engine::step));
    }

    /** Every column one step back. */
    public List<StepOutcome> stepBack() {
        return aligned(each(Engine::stepBack));
    }

    /** Every column to step {@code step}. */
    public List<StepOutcome> goToStep(long step) {
        return aligned(each(e -> e.goToStep(step)));
    }

    /** Every column to the end (or a breakpoint, a pause, or a failed expect where the config stops on one). */
    public List<StepOutcome> run() {
        return aligned(each(Engine::run));
    }

    /** Every column back to step 0. */
    public List<StepOutcome> reset() {
        return each(Engine::reset);
    }

    /** Asks every column's command in progress to stop at its next step boundary; any thread. */
    public void requestStop() {
        engines.forEach(Engine::requestStop);
    }

    /** Columns that stopped beyond the earliest one go back to it; the others keep their outcome. */
    private List<StepOutcome> aligned(List<StepOutcome> outcomes) {
        long earliest = Long.MAX_VALUE;
        for (StepOutcome o : outcomes) {
            if (o.reason() != StopReason.FAILED) {
                earliest = Math.min(earliest, o.position().step());
            }
        }
        long target = earliest;
        List<Integer> behind = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            StepOutcome o = outcomes.get(i);
            if (o.reason() != StopReason.FAILED && o.position().step() > target) {
                behind.add(i);
            }
        }
        if (behind.isEmpty()) {
            return outcomes;
        }
        List<StepOutcome> out = new ArrayList<>(outcomes);
        List<StepOutcome> moved = each(e -> behind.contains(engines.indexOf(e)) ? e.goToStep(target) : null);
        for (int i : behind) {
            out.set(i, moved.get(i));
        }
        return out;
    }

    private static RuntimeException unwrap(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new EngineException("interrupted while the columns ran", e);
        }
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new EngineException("a column failed: " + cause, cause);
    }

    @Override
    public void close() {
        List<Future<?>> closing = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++) {
            Engine e = engines.get(i);
            closing.add(threads.get(i).submit(e::close));
        }
        for (Future<?> f : closing) {
            try {
                f.get();
            } catch (ExecutionException | InterruptedException ignored) {
                // closing goes on for the other columns
            }
        }
        threads.forEach(ExecutorService::shutdown);
    }
}
