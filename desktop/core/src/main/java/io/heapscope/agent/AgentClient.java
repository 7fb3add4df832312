package io.heapscope.agent;

import io.heapscope.model.BlockState;
import io.heapscope.model.Snapshot;
import io.heapscope.model.SnapshotUpdate;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A running agent, driven with <b>blocking</b> calls: each sends one request and waits for its
 * reply, for at most the watchdog's bound ({@link AgentOptions#batchTimeout},
 * {@link AgentOptions#snapshotTimeout}, {@link AgentOptions#timeout()} for the rest). Calls are serialised (one at a time); calling
 * from the JavaFX application thread is refused with {@link IllegalStateException} — use
 * {@link AsyncAgentClient} there.
 *
 * <p>An ERROR reply throws {@link AgentErrorException} and the agent keeps serving. A dead agent
 * ({@link AgentDiedException}), a timeout ({@link AgentTimeoutException}, the agent is killed) or an
 * undecodable reply ({@link AgentProtocolException}) close this client; {@link #restart()} starts a
 * fresh agent with the same options.
 */
public final class AgentClient implements AutoCloseable {
    private static final String FX_THREAD = "JavaFX Application Thread";

    private final AgentOptions options;
    private final AgentConnection connection;
    private final Hello hello;
    private int seq;
    private String lastOp = "none";
    private boolean closed;
    private Snapshot current;

    private AgentClient(AgentOptions options, AgentConnection connection) {
        this.options = options;
        this.connection = connection;
        this.hello = ReplyDecoder.hello(await(Protocol.REP_HELLO, "HELLO", 0, options.timeout()));
        if (hello.protocol() != Protocol.VERSION) {
            connection.kill();
            throw new AgentProtocolException("the agent speaks protocol " + hello.protocol() + ", this client "
                    + Protocol.VERSION, 12);
        }
    }

    /** Starts an agent and waits for its HELLO. Blocking. */
    public static AgentClient start(AgentOptions options) {
        checkThread();
        AgentConnection connection;
        try {
            connection = AgentConnection.start(options);
        } catch (IOException e) {
            throw new AgentDiedException(-1, 0, "none (could not start " + options.executable() + ": "
                    + e.getMessage() + ")", "");
        }
        return new AgentClient(options, connection);
    }

    public Hello hello() {
        return hello;
    }

    public AgentOptions options() {
        return options;
    }

    public long pid() {
        return connection.process().pid();
    }

    public boolean isAlive() {
        return !closed && connection.process().isAlive();
    }

    /** Runs a batch; throws {@link AgentErrorException} when an op fails (its partial results inside). */
    public synchronized BatchResult run(Batch batch) {
        int s = nextSeq();
        List<Op> ops = batch.ops();
        lastOp = ops.isEmpty() ? "an empty batch" : "op " + (ops.size() - 1) + " of a batch of " + ops.size()
                + " (" + ops.getLast() + ")";
        byte[] reply = call(FrameWriter.batch(s, batch), Protocol.REP_RESULT, "BATCH", s,
                options.batchTimeout(ops.size()));
        return ReplyDecoder.result(reply, hello.eventKinds());
    }

    /** Runs ops in lockstep. */
    public BatchResult run(Op... ops) {
        return run(Batch.lockstep(ops));
    }

    /** A full snapshot, or a delta since the last snapshot reply (the agent may answer a delta request with a full one). */
    public synchronized SnapshotUpdate snapshot(boolean delta, SnapshotOptions what) {
        int s = nextSeq();
        Duration bound = options.snapshotTimeout(current == null ? 0 : current.process().data());
        byte[] reply = call(FrameWriter.snapshot(s, delta, what), Protocol.REP_SNAPSHOT, "SNAPSHOT", s, bound);
        SnapshotUpdate update = SnapshotDecoder.decode(reply);
        current = (current == null || update instanceof Snapshot) ? asFull(update) : current.apply(update);
        return update;
    }

    private static Snapshot asFull(SnapshotUpdate update) {
        if (update instanceof Snapshot full) return full;
        throw new AgentProtocolException("a delta arrived before any full snapshot", 12);
    }

    /** A full snapshot. */
    public Snapshot fullSnapshot(SnapshotOptions what) {
        if (snapshot(false, what) instanceof Snapshot full) return full;
        throw new AgentProtocolException("a full snapshot was asked for and a delta arrived", 12);
    }

    /** The next picture: the last one with a fresh delta applied (a full snapshot the first time). */
    public synchronized Snapshot update(SnapshotOptions what) {
        snapshot(current != null, what);
        return current;
    }

    /** Block indices of one list of a page, in list order (core backend). */
    public synchronized int[] freeList(long pageStart, BlockState list, int max) {
        if (list == BlockState.IN_USE || list == BlockState.UNEXTENDED) {
            throw new IllegalArgumentException(list + " is not a list");
        }
        int s = nextSeq();
        byte[] reply = call(FrameWriter.freeList(s, pageStart, list.ordinal(), max), Protocol.REP_FREE_LIST,
                "FREE_LIST", s,
                options.timeout());
        return ReplyDecoder.freeList(reply).indices();
    }

    /** Asks the agent to end (it joins its threads) and waits for it to exit. */
    public synchronized void shutdown() {
        if (closed) return;
        int s = nextSeq();
        try {
            call(FrameWriter.empty(Protocol.REQ_SHUTDOWN, s), Protocol.REP_BYE, "SHUTDOWN", s, options.timeout());
            connection.awaitExit(options.timeout().toMillis());
        } finally {
            closed = true;
        }
    }

    /** Ends this agent (politely if it still answers) and starts a fresh one with the same options. */
    public AgentClient restart() {
        close();
        return start(options);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        if (connection.process().isAlive()) {
            try {
                shutdown();
                return;
            } catch (AgentException e) {
                // fall through to kill
            }
        }
        closed = true;
        connection.kill();
    }

    // ------------------------------------------------------------------ plumbing

    private int nextSeq() {
        checkThread();
        if (closed) throw new IllegalStateException("this agent client is closed; restart() starts a fresh agent");
        seq = (seq + 1) & 0x7FFF_FFFF;
        if (seq == 0) seq = 1;
        return seq;
    }

    private static void checkThread() {
        if (Thread.currentThread().getName().equals(FX_THREAD)) {
            throw new IllegalStateException("agent calls block: use AsyncAgentClient from the JavaFX thread");
        }
    }

    private byte[] call(byte[] request, int replyType, String what, int s, Duration bound) {
        try {
            connection.send(request);
        } catch (IOException e) {
            throw died();
        }
        return await(replyType, what, s, bound);
    }

    private byte[] await(int replyType, String what, int s, Duration bound) {
        AgentConnection.Incoming in;
        try {
            in = connection.receive(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            connection.kill();
            throw new AgentTimeoutException(what + " (interrupted)", bound, lastOp);
        }
        if (in == null) {
            closed = true;
            connection.kill();
            throw new AgentTimeoutException(what, bound, lastOp);
        }
        if (in instanceof AgentConnection.Ended) throw died();
        byte[] frame = ((AgentConnection.Frame) in).bytes();
        int type = frame[5] & 0xFF;
        int version = frame[4] & 0xFF;
        int gotSeq = (frame[8] & 0xFF) | (frame[9] & 0xFF) << 8 | (frame[10] & 0xFF) << 16 | (frame[11] & 0xFF) << 24;
        if (version != Protocol.VERSION || gotSeq != s) {
            closed = true;
            connection.kill();
            throw new AgentProtocolException("reply to " + what + " has version " + version + " and seq " + gotSeq
                    + ", expected version " + Protocol.VERSION + " and seq " + s, 4);
        }
        if (type == Protocol.REP_ERROR) {
            throw ReplyDecoder.error(frame, hello == null ? List.of() : hello.eventKinds());
        }
        if (type != replyType) {
            closed = true;
            connection.kill();
            throw new AgentProtocolException("reply to " + what + " has type 0x" + Integer.toHexString(type)
                    + ", expected 0x" + Integer.toHexString(replyType), 5);
        }
        return frame;
    }

    /** The agent is gone: how it ended, what was sent last, what it said. */
    private AgentDiedException died() {
        closed = true;
        int status = connection.awaitExit(2000);
        String tail = connection.stderrTail();
        // Java reports a process killed by signal N as exit value 128 + N.
        boolean signalled = status > 128 && status < 128 + 65;
        return new AgentDiedException(signalled ? -1 : status, signalled ? status - 128 : 0, lastOp, tail);
    }
}
