package io.heapscope.engine;

import io.heapscope.agent.AgentDiedException;
import io.heapscope.agent.AgentException;
import io.heapscope.agent.AgentTimeoutException;
import io.heapscope.scenario.op.Op;
import java.util.List;

/**
 * What the engine does when its agent is lost in the middle of a batch (the watchdog killed a
 * hung agent, or it died): a fresh agent replays the run to the first step of that batch, then
 * runs the batch's steps one at a time to find the statement that loses it again. The run is
 * left just before that statement on a fresh agent, so it can be stepped back, reset or tried
 * again; when the steps all run on the fresh agent (the first one was killed from outside), the
 * run is left after them.
 */
final class AgentReplacement {

    /**
     * The fresh agent, the first op of the statement execution that lost the agent (-1: none did)
     * and how it was lost the last time.
     */
    record Found(AgentCursor cursor, int culprit, AgentLostException how) {
    }

    private AgentReplacement() {
    }

    /** Throws {@link EngineException} when no fresh agent can replay the run. */
    static Found find(Engine engine, AgentLostException lost) {
        List<Op> ops = engine.program().ops();
        int from = engine.indexOfStep(ops.get(lost.firstOp()).step());
        AgentCursor fresh = engine.replayed(from);
        if (ops.get(lost.firstOp()).step() == ops.get(lost.lastOp()).step()) {
            return new Found(fresh, from, lost);
        }
        int end = engine.indexOfStep(ops.get(lost.lastOp()).step() + 1L);
        try {
            fresh.runTo(end, STEPWISE);
            return new Found(fresh, -1, lost);
        } catch (AgentLostException again) {
            fresh.close();
            int culprit = engine.indexOfStep(ops.get(again.firstOp()).step());
            return new Found(engine.replayed(culprit), culprit, again);
        } catch (EngineException e) {
            fresh.close();
            throw e;
        }
    }

    /** The failure as the user reads it, where the run is now. */
    static String explain(Engine engine, AgentLostException lost, Found found) {
        List<Op> ops = engine.program().ops();
        String why = why(found.how());
        if (found.culprit() < 0) {
            Op first = ops.get(lost.firstOp());
            return first.span().position() + ": " + why + " while running steps " + first.step() + " to "
                    + ops.get(lost.lastOp()).step() + "; a fresh agent ran them again without trouble, and the run"
                    + " is at step " + engine.position().step();
        }
        Op op = ops.get(found.culprit());
        int doubleFree = found.cursor().firstDoubleFree();
        return op.span().position() + ": step " + op.step() + ": running this statement ("
                + AgentCursor.describe(op) + ") " + why + "; a fresh agent replaced it and the run is at step "
                + op.step() + ", before the statement: step back, reset or change it"
                + (doubleFree >= 0 ? DoubleFreeText.after(ops.get(doubleFree)) : "");
    }

    /**
     * A snapshot that failed at {@code at}: where, and why; after a double free, what it does to a
     * free list (an allocator's own heap walk, such as mimalloc's visitor, loops on the cycle too).
     */
    static String snapshotFailure(Engine engine, AgentCursor cursor, AgentException e) {
        Position at = engine.position();
        String where = at.next().map(o -> o.span().position() + ": ").orElse("");
        int doubleFree = cursor.firstDoubleFree();
        return where + "step " + at.step() + ": the agent failed while taking a snapshot: " + e.getMessage()
                + (doubleFree >= 0 ? DoubleFreeText.after(engine.program().ops().get(doubleFree)) : "");
    }

    private static String why(AgentLostException lost) {
        if (lost.agent() instanceof AgentTimeoutException t) {
            return String.format(java.util.Locale.ROOT, "the agent did not answer within %.1f s, so the watchdog killed it",
                    t.timeout().toMillis() / 1000.0);
        }
        if (lost.agent() instanceof AgentDiedException d) {
            return d.getMessage().replaceFirst("; last op sent: [^;]*", "");
        }
        return "the agent failed: " + lost.agent().getMessage();
    }

    /** Syncs before every step, so a lost agent is lost on the ops of one statement execution. */
    private static final AgentCursor.Observer STEPWISE = new AgentCursor.Observer() {
        public AgentCursor.Action beforeStep(int index) {
            return AgentCursor.Action.SYNC;
        }

        public boolean synced(int index) {
            return false;
        }

        public void markOrExpect(int index, Op op) {
        }
    };
}
