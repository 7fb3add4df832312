package io.heapscope.engine;

import io.heapscope.agent.AgentException;
import io.heapscope.model.Event;
import io.heapscope.model.Snapshot;
import io.heapscope.scenario.op.MetricExpr;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * Runs a compiled scenario on an agent, step by step, and goes back by deterministic replay.
 * <b>Blocking and confined to one thread</b> (except {@link #requestStop()}): {@link RunControl}
 * is the asynchronous face for a window.
 *
 * <p>A <em>step</em> is one execution of one statement ({@link Op#step()}); the position is the
 * number of steps run, so step 0 is the start. Commands stop early on a pause request, and the
 * running ones ({@link #run}, {@link #runToLine}, {@link #stepOver}) on breakpoints. Going back
 * replays the program on a fresh agent, from the spare agent of {@link Checkpoints} when one is
 * behind the target. Marks and expect results measured on the way forward are kept, so replays
 * need no snapshots.
 */
public final class Engine implements AutoCloseable {

    private final Program program;
    private final List<Op> ops;
    private final EngineConfig config;
    private final long totalSteps;
    private final SamplePolicy sampling;
    private final History history = new History();
    private final EventLog eventLog = new EventLog();
    private final Marks marks = new Marks();
    private final TreeMap<Integer, ExpectResult> expects = new TreeMap<>();
    private final Checkpoints checkpoints;
    private final boolean core;
    private final String backend;
    private AgentCursor cursor;
    private volatile boolean stopRequested;
    private volatile Breakpoints breakpoints = Breakpoints.NONE;
    private BooleanSupplier cancel = () -> stopRequested;
    private Runnable sampled = () -> { };
    private Snapshot snapshot;
    private AgentCursor snapshotOf;
    private int snapshotAt = -1;

    /** Starts an agent for {@code program}; throws {@link EngineException} when it cannot. */
    public Engine(Program program, EngineConfig config) {
        this.program = program;
        this.ops = program.ops();
        this.config = config;
        this.totalSteps = ops.isEmpty() ? 0 : ops.getLast().step() + 1L;
        this.sampling = config.sampling().forProgram(totalSteps);
        this.cursor = fresh();
        this.core = "core".equals(cursor.client().hello().backend());
        this.backend = cursor.client().hello().allocator();
        this.checkpoints = config.checkpoints() ? new Checkpoints(config.agents(), program, config.background()) : null;
        try {
            sample(cursor, 0, false);
        } catch (EngineException e) {
            cursor.close();
            throw e;
        }
    }

    public Program program() {
        return program;
    }

    EngineConfig config() {
        return config;
    }

    /** The allocator the agent runs ({@code heapscope}, {@code mimalloc 2.0.9}, ...). */
    public String allocator() {
        return backend;
    }

    public boolean isCore() {
        return core;
    }

    public Position position() {
        int next = cursor.next();
        boolean entersLoop = next < ops.size()
                && (next == 0 || ops.get(next - 1).origin().outer() != ops.get(next).origin().outer());
        return new Position(stepAt(next), next, ops.size(), totalSteps,
                next < ops.size() ? Optional.of(ops.get(next).origin()) : Optional.empty(), cursor.clockNanos(),
                entersLoop);
    }

    /** The heap now (taken once per position, with the configured options). */
    public Snapshot snapshot() {
        if (snapshotOf != cursor || snapshotAt != cursor.next()) {
            try {
                snapshot = cursor.client().update(config.snapshots());
            } catch (AgentException e) {
                throw new EngineException("the agent failed while taking a snapshot: " + e.getMessage(), e);
            }
            snapshotOf = cursor;
            snapshotAt = cursor.next();
        }
        return snapshot;
    }

    /** The metrics now. */
    public MetricValues metrics() {
        return new MetricValues(snapshot(), cursor.clockNanos(), program.threads(), core);
    }

    /** The allocator events of the last step run. */
    public List<Event> lastEvents() {
        return cursor.lastStepEvents();
    }

    /** Every allocator event of the run so far with its step, in order, each once (kept after going back). */
    public List<LoggedEvent> eventLog() {
        return eventLog.list();
    }

    /** Allocator events since the agent started (replays included). */
    public long eventCount() {
        return cursor.eventCount();
    }

    /**
     * Figures per sampled step, in step order: the steps the sampling records (every N-th, the
     * same on every run of the program) and each step where a command stopped.
     */
    public List<Figures> history() {
        return history.list();
    }

    /** The results of the expects before the current position, in program order. */
    public List<ExpectResult> expectResults() {
        return List.copyOf(expects.headMap(cursor.next()).values());
    }

    public Breakpoints breakpoints() {
        return breakpoints;
    }

    /**
     * The block indices of one free list of the page starting at {@code pageStart}, in list order
     * (head first, at most {@code max}); empty on a system backend or when the agent cannot say.
     */
    public int[] freeList(long pageStart, io.heapscope.model.BlockState list, int max) {
        if (!core || cursor.broken()) {
            return new int[0];
        }
        try {
            return cursor.client().freeList(pageStart, list, max);
        } catch (AgentException e) {
            return new int[0];
        }
    }

    /** Takes effect at the next step boundary; may be called from any thread. */
    public void setBreakpoints(Breakpoints breakpoints) {
        this.breakpoints = breakpoints;
    }

    /** Asks the command in progress to stop at the next step boundary; any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /** Replaces the stop signal (a {@link RunControl} passes its own). */
    void cancelSignal(BooleanSupplier signal) {
        this.cancel = signal;
    }

    // ------------------------------------------------------------------ commands

    /** Runs one statement execution. */
    public StepOutcome step() {
        if (atEnd()) {
            return outcome(StopReason.END, "", List.of());
        }
        return forward(indexOfStep(stepAt(cursor.next()) + 1), Breakpoints.NONE, OptionalInt.empty());
    }

    /** Runs to the end of the current top-level statement (a whole loop), honouring breakpoints. */
    public StepOutcome stepOver() {
        if (atEnd()) {
            return outcome(StopReason.END, "", List.of());
        }
        int outer = ops.get(cursor.next()).origin().outer();
        int limit = cursor.next();
        while (limit < ops.size() && ops.get(limit).origin().outer() == outer) {
            limit++;
        }
        return forward(limit, breakpoints, OptionalInt.empty());
    }

    /** Runs to the end, a breakpoint or a pause. */
    public StepOutcome run() {
        return forward(ops.size(), breakpoints, OptionalInt.empty());
    }

    /** Runs until a statement on {@code line} is about to run (or a breakpoint, or the end). */
    public StepOutcome runToLine(int line) {
        return forward(ops.size(), breakpoints, OptionalInt.of(line));
    }

    /** Goes to step {@code step}: forward by running, back by replaying. */
    public StepOutcome goToStep(long step) {
        long target = Math.max(0, Math.min(step, totalSteps));
        int index = indexOfStep(target);
        if (index >= cursor.next() && !cursor.broken()) {
            return forward(index, Breakpoints.NONE, OptionalInt.empty());
        }
        return rewind(index);
    }

    /** Goes back one step. */
    public StepOutcome stepBack() {
        return goToStep(stepAt(cursor.next()) - 1);
    }

    /** Back to step 0 on a fresh agent; also the way out of a failure. */
    public StepOutcome reset() {
        return rewind(0);
    }

    @Override
    public void close() {
        if (checkpoints != null) {
            checkpoints.close();
        }
        cursor.close();
    }

    // ------------------------------------------------------------------ running

    private StepOutcome forward(int limit, Breakpoints bp, OptionalInt line) {
        if (cursor.broken()) {
            return outcome(StopReason.FAILED, "the agent failed earlier; reset or step back", List.of());
        }
        stopRequested = false;
        StepDriver driver = new StepDriver(this, cursor, ops, bp, line, cancel, sampling);
        cursor.logEvents(eventLog);
        try {
            cursor.runTo(limit, driver);
        } catch (EngineException e) {
            eventLog.covered(stepAt(cursor.next()) + 1);   /* the failed step's events are in; a rerun adds none */
            return outcome(StopReason.FAILED, e.getMessage(), driver.expects());
        }
        eventLog.covered(stepAt(cursor.next()));
        StopReason reason = driver.reason() != null ? driver.reason() : atEnd() ? StopReason.END : StopReason.DONE;
        return stopped(reason, driver.detail(), driver.expects());
    }

    private StepOutcome rewind(int index) {
        stopRequested = false;
        AgentCursor from = checkpoints == null ? null : checkpoints.take(index).orElse(null);
        try {
            if (from == null) {
                from = fresh();
            }
            AgentCursor replaying = from;
            replaying.runTo(index, new AgentCursor.Observer() {
                private int ticks;

                public AgentCursor.Action beforeStep(int i) {
                    if ((++ticks & 4095) == 0) {
                        config.progress().accept(new Progress(i, index, stepAt(i), true));
                    }
                    return AgentCursor.Action.GO;
                }

                public boolean synced(int i) {
                    return false;
                }

                public void markOrExpect(int i, Op op) {
                }
            });
        } catch (EngineException e) {
            if (from != null) {
                from.close();
            }
            return outcome(StopReason.FAILED, e.getMessage(), List.of());
        }
        cursor.close();
        cursor = from;
        marks.rewindTo(index);
        return stopped(StopReason.DONE, "", List.of());
    }

    private StepOutcome stopped(StopReason reason, String detail, List<ExpectResult> checked) {
        try {
            sample(cursor, cursor.next(), false);
        } catch (EngineException e) {
            return outcome(StopReason.FAILED, e.getMessage(), checked);
        }
        if (checkpoints != null) {
            checkpoints.follow(indexOfStep(Math.max(0, stepAt(cursor.next()) - Checkpoints.LAG_STEPS)));
        }
        return outcome(reason, detail, checked);
    }

    private StepOutcome outcome(StopReason reason, String detail, List<ExpectResult> checked) {
        return new StepOutcome(reason, detail, position(), cursor.lastStepEvents(), checked, cursor.takeNotes());
    }

    // ------------------------------------------------------------------ called by StepDriver

    /** Records the figures here in the history (unless {@code live}) and tells the listener to show the heap. */
    void sample(AgentCursor at, int index, boolean live) {
        if (at == cursor && at.next() == index) {
            if (!live) {
                history.put(Figures.of(stepAt(index), index, at.eventCount(), metrics()));
            }
            sampled.run();
        }
    }

    /**
     * Called on the engine's thread after each history sample or live tick during a command, while the
     * agent is in step with {@link #position()} and {@link #snapshot()} is fresh: the moment a
     * running command can show the heap as it is.
     */
    void onSample(Runnable listener) {
        this.sampled = listener;
    }

    void mark(AgentCursor at, int index, Op.Mark mark) {
        marks.take(mark.name(), index, metrics());
    }

    ExpectResult expect(AgentCursor at, int index, Op.Expect expect) {
        MetricValues now = metrics();
        ExpectResult result;
        try {
            double left = expect.left().evaluate(r -> read(now, r));
            double right = expect.right().evaluate(r -> read(now, r));
            boolean holds = expect.comparison().test(left, right);
            result = ExpectResult.of(index, expect, holds ? ExpectResult.Outcome.PASSED : ExpectResult.Outcome.FAILED,
                    left, right, "");
        } catch (MetricValues.Unavailable e) {
            result = ExpectResult.of(index, expect, ExpectResult.Outcome.UNMEASURABLE, Double.NaN, Double.NaN,
                    e.getMessage());
        }
        expects.put(index, result);
        return result;
    }

    private double read(MetricValues now, MetricExpr.Reading reading) {
        if (reading.mark().isEmpty()) {
            return now.read(reading.metric(), reading.argument());
        }
        String name = reading.mark().get();
        MetricValues then = marks.latest(name).orElseThrow(() -> new MetricValues.Unavailable(
                "mark '" + name + "' has not been taken yet"));
        return then.read(reading.metric(), reading.argument());
    }

    // ------------------------------------------------------------------ plumbing

    long stepAt(int index) {
        return index < ops.size() ? ops.get(index).step() : totalSteps;
    }

    /** The first op of step {@code step} (the op count when past the end). */
    int indexOfStep(long step) {
        int lo = 0;
        int hi = ops.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ops.get(mid).step() < step) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private boolean atEnd() {
        return cursor.next() >= ops.size();
    }

    private AgentCursor fresh() {
        try {
            return new AgentCursor(config.agents().get(), program);
        } catch (AgentException | IllegalStateException e) {
            throw new EngineException("could not start the agent: " + e.getMessage(), e);
        }
    }
}
