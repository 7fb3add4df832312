package io.heapscope.engine;

import io.heapscope.agent.AgentException;
import io.heapscope.model.BlockState;
import io.heapscope.model.Event;
import io.heapscope.model.Snapshot;
import io.heapscope.scenario.op.HandleKey;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
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
    private final Set<String> columnNames;
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
        this(program, config, Set.of());
    }

    /**
     * An engine that is one column of a comparison: an {@code expect [names]} line is checked only
     * when it names one of {@code columnNames} or the backend the agent runs (without names, the
     * backend alone: {@code run} and {@code check}).
     */
    Engine(Program program, EngineConfig config, Set<String> columnNames) {
        this.program = program;
        this.ops = program.ops();
        this.config = config;
        this.totalSteps = program.totalSteps();
        this.sampling = config.sampling().forProgram(totalSteps);
        this.cursor = AgentStarts.fresh(config, program);
        this.core = "core".equals(cursor.client().hello().backend());
        this.backend = cursor.client().hello().allocator();
        this.columnNames = Column.namesWith(columnNames, cursor.client().hello());
        this.checkpoints = config.checkpoints() ? new Checkpoints(() -> AgentStarts.agent(config, program), program, config.background()) : null;
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
                throw new EngineException(snapshotLost(e), e);
            }
            snapshotOf = cursor;
            snapshotAt = cursor.next();
        }
        return snapshot;
    }

    /** Why a snapshot failed; a lost agent is replaced by a fresh one at the same step first. */
    private String snapshotLost(AgentException e) {
        String what = AgentReplacement.snapshotFailure(this, cursor, e);
        if (cursor.client().isAlive()) {
            return what;
        }
        try {
            replaceCursor(replayed(cursor.next()));
            return what + "; a fresh agent replaced it at the same step";
        } catch (EngineException again) {
            return what + "; no fresh agent could take over: " + again.getMessage();
        }
    }

    private void replaceCursor(AgentCursor next) {
        cursor.close();
        cursor = next;
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

    /**
     * The address of the block handle {@code key} holds now: its latest allocation, live or
     * freed; empty before its first allocation (or when the allocator returned NULL).
     */
    public OptionalLong addressOf(HandleKey key) {
        long at = cursor.addressOf(key);
        return at == 0 ? OptionalLong.empty() : OptionalLong.of(at);
    }

    public Breakpoints breakpoints() {
        return breakpoints;
    }

    /**
     * The block indices of one free list of the page starting at {@code pageStart}, in list order
     * (head first, at most {@code max}; a looping list ends with the block it comes back to: the cycle
     * of a double free); empty on a system backend or when the agent cannot say.
     */
    public int[] freeList(long pageStart, BlockState list, int max) {
        return core ? cursor.freeList(pageStart, list, max) : new int[0];
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
        } catch (AgentLostException e) {
            return replaced(e, driver.expects());
        } catch (EngineException e) {
            eventLog.covered(stepAt(cursor.next()) + 1);   /* the failed step's events are in; a rerun adds none */
            return outcome(StopReason.FAILED, e.getMessage(), driver.expects());
        }
        eventLog.covered(stepAt(cursor.next()));
        StopReason reason = driver.reason() != null ? driver.reason() : atEnd() ? StopReason.END : StopReason.DONE;
        return stopped(reason, driver.detail(), driver.expects());
    }

    /** The agent was lost in a batch: a fresh one takes over before the statement that lost it. */
    private StepOutcome replaced(AgentLostException lost, List<ExpectResult> checked) {
        try {
            AgentReplacement.Found found = AgentReplacement.find(this, lost);
            replaceCursor(found.cursor());
            marks.rewindTo(cursor.next());
            return stopped(StopReason.FAILED, AgentReplacement.explain(this, lost, found), checked);
        } catch (EngineException e) {
            return outcome(StopReason.FAILED, lost.getMessage() + "; no fresh agent could take over: "
                    + e.getMessage(), checked);
        }
    }

    private StepOutcome rewind(int index) {
        stopRequested = false;
        AgentCursor from;
        try {
            from = replayed(index);
        } catch (EngineException e) {
            return outcome(StopReason.FAILED, e.getMessage(), List.of());
        }
        replaceCursor(from);
        marks.rewindTo(index);
        return stopped(StopReason.DONE, "", List.of());
    }

    /** A fresh agent (or a checkpoint's) that has run the ops before {@code index}; the engine's cursor is untouched. */
    AgentCursor replayed(int index) {
        return AgentStarts.replayed(checkpoints, config, program, index, this::stepAt);
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

    /** The result of an expect here; null when the expect is about other columns. */
    ExpectResult expect(AgentCursor at, int index, Op.Expect expect) {
        if (!expect.about(columnNames)) {
            return null;
        }
        ExpectResult result = marks.evaluate(index, expect, metrics());
        expects.put(index, result);
        return result;
    }

    // ------------------------------------------------------------------ plumbing

    long stepAt(int index) {
        return program.stepAt(index);
    }

    int indexOfStep(long step) {
        return program.indexOfStep(step);
    }

    private boolean atEnd() {
        return cursor.next() >= ops.size();
    }
}
