package io.heapscope.engine;

import io.heapscope.agent.AgentClient;
import io.heapscope.scenario.op.Program;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A spare agent kept a little behind the current position: going back takes it, runs it
 * forward to the target (a few ops) and makes it the current agent, instead of replaying the
 * whole program from the start. The spare is prepared on the background executor; after the
 * engine stops somewhere it is moved forward behind the new position ({@link #follow}), or built
 * afresh when it is ahead of it.
 *
 * <p>Spares replay blindly: marks and expects are the engine's (it keeps what the first pass
 * measured), and a run is deterministic, so the spare ends up in the very state the current agent
 * had at that op.
 */
final class Checkpoints implements AutoCloseable {

    /** Keep the spare this many steps behind the position it follows. */
    static final long LAG_STEPS = 64;

    private final Supplier<AgentClient> agents;
    private final Program program;
    private final Executor background;
    private CompletableFuture<AgentCursor> spare;
    private volatile int spareTarget = -1;
    private AtomicBoolean abandon = new AtomicBoolean();

    Checkpoints(Supplier<AgentClient> agents, Program program, Executor background) {
        this.agents = agents;
        this.program = program;
        this.background = background;
    }

    /** Prepares the spare at op {@code target} (a step boundary), moving the current one forward when it can. */
    void follow(int target) {
        if (spare != null && spareTarget <= target) {
            if (spareTarget == target) {
                return;
            }
            spareTarget = target;
            AtomicBoolean stop = abandon;
            spare = spare.thenApplyAsync(c -> advance(c, target, stop), background);
            return;
        }
        discard();
        AtomicBoolean stop = new AtomicBoolean();
        abandon = stop;
        spareTarget = target;
        spare = CompletableFuture.supplyAsync(
                () -> advance(new AgentCursor(agents.get(), program), target, stop), background);
    }

    /** The spare, when it is (or will be) at or before op {@code target}; it is no longer kept. */
    Optional<AgentCursor> take(int target) {
        if (spare == null) {
            return Optional.empty();
        }
        if (spareTarget > target) {
            discard();
            return Optional.empty();
        }
        CompletableFuture<AgentCursor> taken = spare;
        spare = null;
        spareTarget = -1;
        try {
            AgentCursor cursor = taken.join();
            if (cursor.broken() || cursor.next() > target) {
                cursor.close();
                return Optional.empty();
            }
            return Optional.of(cursor);
        } catch (CompletionException e) {
            return Optional.empty();
        }
    }

    /** Where the spare is headed, or -1 when there is none. */
    int spareTarget() {
        return spareTarget;
    }

    private AgentCursor advance(AgentCursor cursor, int target, AtomicBoolean stop) {
        if (stop.get()) {
            return cursor;
        }
        cursor.runTo(target, new AgentCursor.Observer() {
            public AgentCursor.Action beforeStep(int index) {
                return stop.get() ? AgentCursor.Action.STOP : AgentCursor.Action.GO;
            }

            public boolean synced(int index) {
                return false;
            }

            public void markOrExpect(int index, io.heapscope.scenario.op.Op op) {
            }
        });
        return cursor;
    }

    private void discard() {
        if (spare == null) {
            return;
        }
        abandon.set(true);
        CompletableFuture<AgentCursor> old = spare;
        spare = null;
        spareTarget = -1;
        old.whenComplete((c, e) -> {
            if (c != null) {
                c.close();
            }
        });
    }

    @Override
    public void close() {
        discard();
    }
}
