package io.heapscope.engine;

import io.heapscope.agent.AgentClient;
import io.heapscope.agent.AgentErrorException;
import io.heapscope.agent.AgentException;
import io.heapscope.agent.Batch;
import io.heapscope.agent.BatchResult;
import io.heapscope.agent.Protocol;
import io.heapscope.model.BlockState;
import io.heapscope.model.Event;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One agent and how far into the program it is: runs ops in order, in batches as large as the
 * observer allows, and remembers the events of the last step. Confined to one thread at a time.
 *
 * <p>Before each step the {@link Observer} says whether to go on, to sync (send what is batched
 * and call it back: for snapshots, samples and event breakpoints) or to stop. Marks and expects
 * always sync first. An agent failure leaves the cursor {@link #broken()}.
 */
final class AgentCursor implements AutoCloseable {

    /** What to do before a step. */
    enum Action { GO, SYNC, STOP }

    interface Observer {
        /** Before op {@code index}, the first of a step; the ops before it may still be batched. */
        Action beforeStep(int index);

        /** After a SYNC: every op before {@code index} has run. Returns true to stop here. */
        boolean synced(int index);

        /** At a mark or expect at {@code index}, every op before it having run. */
        void markOrExpect(int index, Op op);
    }

    /** Observes nothing: for replays. */
    static final Observer BLIND = new Observer() {
        public Action beforeStep(int index) {
            return Action.GO;
        }

        public boolean synced(int index) {
            return false;
        }

        public void markOrExpect(int index, Op op) {
        }
    };

    private static final int BATCH_LIMIT = 32_768;

    private final AgentClient client;
    private final Program program;
    private final List<Op> ops;
    private final OpTranslator translator;
    private final List<io.heapscope.agent.Op> batch = new ArrayList<>();
    private int[] batchOrigin = new int[BATCH_LIMIT + 64];
    private final List<String> notes = new ArrayList<>();
    private final List<Event> lastStepEvents = new ArrayList<>();
    private int lastStepStart;
    private int eventsFor = -1;
    private int next;
    private long events;
    private boolean broken;
    private int noteOrigin;
    private int firstDoubleFree = -1;
    private EventLog log;

    private final OpTranslator.Sink sink = new OpTranslator.Sink() {
        @Override
        public void send(io.heapscope.agent.Op op) {
            if (batch.size() == batchOrigin.length) {
                batchOrigin = Arrays.copyOf(batchOrigin, batchOrigin.length * 2);
            }
            batchOrigin[batch.size()] = noteOrigin;
            batch.add(op);
            if (firstDoubleFree < 0 && op instanceof io.heapscope.agent.Op.Free f && f.again()) {
                firstDoubleFree = noteOrigin;
            }
        }

        @Override
        public void note(String message) {
            notes.add(ops.get(noteOrigin).span().position() + ": note: " + message);
        }
    };

    AgentCursor(AgentClient client, Program program) {
        this.client = client;
        this.program = program;
        this.ops = program.ops();
        this.translator = new OpTranslator(program.threads(), client.hello());
    }

    AgentClient client() {
        return client;
    }

    /** The index of the next op to run. */
    int next() {
        return next;
    }

    long clockNanos() {
        return translator.clockNanos();
    }

    /** Allocator events caused so far. */
    long eventCount() {
        return events;
    }

    /** The events of the last step run (all ops of it), in order. */
    List<Event> lastStepEvents() {
        return eventsFor == lastStepStart ? List.copyOf(lastStepEvents) : List.of();
    }

    /** Ops that sent nothing, and why ({@code file:line:col: note: ...}), since the last call. */
    List<String> takeNotes() {
        List<String> out = List.copyOf(notes);
        notes.clear();
        return out;
    }

    /** Where the block {@code key} holds lies (its latest allocation, live or freed); 0 when unknown. */
    long addressOf(io.heapscope.scenario.op.HandleKey key) {
        return translator.handles().address(key);
    }

    boolean broken() {
        return broken;
    }

    /** One free list of a page, head first (at most {@code max}); empty when the agent is broken or cannot say. */
    int[] freeList(long pageStart, BlockState list, int max) {
        if (broken) {
            return new int[0];
        }
        try {
            return DoubleFreeText.untilCycle(client.freeList(pageStart, list, max));
        } catch (AgentException e) {
            return new int[0];
        }
    }

    /** The op index of the first double free this agent was sent, or -1. */
    int firstDoubleFree() {
        return firstDoubleFree;
    }

    /** From now on, every event this cursor's ops cause goes to {@code to} too (the run's own cursor). */
    void logEvents(EventLog to) {
        this.log = to;
    }

    /**
     * Runs ops from {@link #next()} up to (not including) {@code limit}, which must be a step
     * boundary or the end, stopping earlier where the observer says so. On return every op
     * before {@link #next()} has run.
     */
    void runTo(int limit, Observer observer) {
        if (broken) {
            throw new IllegalStateException("the agent failed earlier; reset to start again");
        }
        int step = -1;
        while (next < limit) {
            Op op = ops.get(next);
            if (op.step() != step) {
                Action action = observer.beforeStep(next);
                if (action == Action.STOP) {
                    break;
                }
                if (action == Action.SYNC) {
                    flush();
                    if (observer.synced(next)) {
                        break;
                    }
                }
                step = op.step();
                lastStepStart = next;
            }
            if (op instanceof Op.Mark || op instanceof Op.Expect) {
                flush();
                observer.markOrExpect(next, op);
            } else {
                noteOrigin = next;
                try {
                    translator.translate(op, sink);
                } catch (EngineException e) {
                    broken = true;
                    throw new EngineException(op.span().position() + ": " + e.getMessage(), e);
                }
                if (batch.size() >= BATCH_LIMIT) {
                    flush();
                }
            }
            next++;
        }
        flush();
    }

    /** Sends the batched ops. */
    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        BatchResult result;
        try {
            result = client.run(Batch.lockstep(batch));
        } catch (AgentErrorException e) {
            broken = true;
            int at = e.opIndex().map(i -> batchOrigin[i]).orElse(batchOrigin[0]);
            throw new EngineException(ops.get(at).span().position() + ": the agent refused "
                    + describe(ops.get(at)) + ": " + e.getMessage(), e);
        } catch (AgentException e) {
            broken = true;
            throw new AgentLostException(ops.get(batchOrigin[0]).span().position() + ": the agent failed: "
                    + e.getMessage(), batchOrigin[0], batchOrigin[batch.size() - 1], e);
        } finally {
            batch.clear();
        }
        for (io.heapscope.agent.OpResult r : result.results()) {
            if ((r.code() == Protocol.OP_ALLOC || r.code() == Protocol.OP_REALLOC) && r.status() == io.heapscope.agent.OpResult.Status.OK) {
                translator.handles().placed(r.id(), r.address());
            }
        }
        events += result.events().size() + result.eventsDropped();
        if (eventsFor != lastStepStart) {
            lastStepEvents.clear();
            eventsFor = lastStepStart;
        }
        for (Event e : result.events()) {
            if (batchOrigin[e.opIndex()] >= lastStepStart) {
                lastStepEvents.add(e);
            }
            if (e.kind().equals(DoubleFreeText.CYCLE)) {
                notes.add(ops.get(batchOrigin[e.opIndex()]).span().position() + ": note: " + DoubleFreeText.cycle(e));
            }
            if (log != null) {
                long step = ops.get(batchOrigin[e.opIndex()]).step();
                if (log.wants(step)) {
                    log.add(step, e);
                }
            }
        }
    }

    static String describe(Op op) {
        String name = op.getClass().getSimpleName();
        return op instanceof Op.ThreadOp t ? name + " on " + t.thread() : name;
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (RuntimeException e) {
            // a dead agent needs no goodbye
        }
    }
}
