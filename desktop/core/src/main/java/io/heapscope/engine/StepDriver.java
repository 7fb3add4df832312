package io.heapscope.engine;

import io.heapscope.model.Event;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

/**
 * The engine's side of one forward run: decides before each step whether to stop (pause, line
 * breakpoints, run to line, a breaking event or failed expect in the step before), when to sync
 * for a history sample (the steps {@link SamplePolicy#records} names), a live view or an event check, and reports progress. The first step of a command
 * always runs, so "continue" from a breakpoint moves on.
 */
final class StepDriver implements AgentCursor.Observer {

    private static final long PROGRESS_NANOS = 50_000_000;

    private final Engine engine;
    private final AgentCursor cursor;
    private final List<Op> ops;
    private final Breakpoints breakpoints;
    private final OptionalInt targetLine;
    private final BooleanSupplier cancelled;
    private final SamplePolicy sampling;
    private final List<ExpectResult> expects = new ArrayList<>();
    private boolean first = true;
    private int previousOuter = -1;
    private StopReason reason;
    private String detail = "";
    private int progressTicks;
    private long lastLiveNanos = System.nanoTime();
    private long lastProgressNanos = System.nanoTime();

    StepDriver(Engine engine, AgentCursor cursor, List<Op> ops, Breakpoints breakpoints,
               OptionalInt targetLine, BooleanSupplier cancelled, SamplePolicy sampling) {
        this.engine = engine;
        this.cursor = cursor;
        this.ops = ops;
        this.breakpoints = breakpoints;
        this.targetLine = targetLine;
        this.cancelled = cancelled;
        this.sampling = sampling;
    }

    /** Why the run stopped before its limit, or null when it reached it. */
    StopReason reason() {
        return reason;
    }

    String detail() {
        return detail;
    }

    List<ExpectResult> expects() {
        return expects;
    }

    @Override
    public AgentCursor.Action beforeStep(int index) {
        Origin origin = ops.get(index).origin();
        boolean loopStart = origin.outer() != previousOuter;
        previousOuter = origin.outer();
        if (!first) {
            if (reason != null) {
                return AgentCursor.Action.STOP;
            }
            if (cancelled.getAsBoolean()) {
                return stop(StopReason.PAUSED, "");
            }
            int line = origin.span().line();
            int outerLine = origin.outerSpan().line();
            int hit = breakpoints.lineBefore(origin, loopStart);
            if (hit != 0) {
                return stop(StopReason.LINE_BREAKPOINT, "line " + hit);
            }
            if (targetLine.isPresent() && (line == targetLine.getAsInt()
                    || (loopStart && outerLine == targetLine.getAsInt()))) {
                return stop(StopReason.REACHED_LINE, "line " + targetLine.getAsInt());
            }
        }
        progress(index);
        boolean sync = !first && !breakpoints.events().isEmpty();
        first = false;
        if (sampling.records(engine.stepAt(index)) || liveDue()) {
            sync = true;
        }
        return sync ? AgentCursor.Action.SYNC : AgentCursor.Action.GO;
    }

    @Override
    public boolean synced(int index) {
        if (sampling.records(engine.stepAt(index))) {
            engine.sample(cursor, index, false);
            lastLiveNanos = System.nanoTime();
        } else if (liveDue()) {
            engine.sample(cursor, index, true);
            lastLiveNanos = System.nanoTime();
        }
        if (!breakpoints.events().isEmpty() && index > 0) {
            for (Event e : cursor.lastStepEvents()) {
                if (breakpoints.breaksOn(e.kind())) {
                    stop(StopReason.EVENT_BREAKPOINT, e.kind());
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void markOrExpect(int index, Op op) {
        switch (op) {
            case Op.Mark m -> engine.mark(cursor, index, m);
            case Op.Expect e -> {
                ExpectResult result = engine.expect(cursor, index, e);
                if (result == null) {
                    return;
                }
                expects.add(result);
                if (result.failed() && engine.config().stopOnFailedExpect() && reason == null) {
                    reason = StopReason.EXPECT_FAILED;
                    detail = result.toString();
                }
            }
            default -> throw new IllegalArgumentException("not a mark or expect: " + op);
        }
    }

    private boolean liveDue() {
        return sampling.liveMillis() > 0 && System.nanoTime() - lastLiveNanos >= sampling.liveMillis() * 1_000_000;
    }

    private void progress(int index) {
        if ((++progressTicks & 255) != 0 && !first) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastProgressNanos >= PROGRESS_NANOS) {
            lastProgressNanos = now;
            engine.config().progress().accept(new Progress(index, ops.size(), engine.stepAt(index), false));
        }
    }

    private AgentCursor.Action stop(StopReason why, String what) {
        reason = why;
        detail = what;
        return AgentCursor.Action.STOP;
    }
}
