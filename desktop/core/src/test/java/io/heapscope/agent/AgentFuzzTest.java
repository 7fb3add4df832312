package io.heapscope.agent;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random and mutated frames: every one gets exactly one reply (never a crash, never a hang), and
 * the agent still serves afterwards. The length prefix is kept consistent with what is sent (a
 * frame announcing more bytes than follow is, rightly, waited for). Longer runs:
 * {@code -Dheapscope.fuzz.frames=100000 -Dheapscope.fuzz.seed=N}.
 */
class AgentFuzzTest {
    private static final int FRAMES = Integer.getInteger("heapscope.fuzz.frames", 3000);
    private static final long SEED = Long.getLong("heapscope.fuzz.seed", 20261122L);

    private static List<byte[]> corpus() {
        List<byte[]> c = new ArrayList<>();
        c.add(FrameWriter.empty(Protocol.REQ_HELLO, 1));
        c.add(FrameWriter.snapshot(1, false, SnapshotOptions.ALL));
        c.add(FrameWriter.snapshot(1, true, SnapshotOptions.ALL));
        c.add(FrameWriter.freeList(1, 0x7f00_0000_0000L, 1, 64));
        c.add(FrameWriter.batch(1, Batch.lockstep(new Op.ThreadStart(0), new Op.ThreadStart(1))));
        c.add(FrameWriter.batch(1, Batch.lockstep(new Op.Alloc(0, 1, 100), new Op.Alloc(0, 2, 5000, 64, true, 0),
                new Op.Touch(0, 1, 7, 0, 0), new Op.Realloc(0, 2, 20_000), new Op.Free(1, 1), new Op.Free(0, 2))));
        c.add(FrameWriter.batch(1, Batch.lockstep(new Op.HeapNew(0, 5), new Op.Alloc(0, 3, 64, 0, false, 5),
                new Op.Collect(0, 5, true), new Op.HeapDestroy(0, 5), new Op.HeapSetDefault(1, 0))));
        c.add(FrameWriter.batch(1, Batch.lockstep(new Op.Advance(10), new Op.SetOption("purge_delay", 0),
                new Op.Validate(), new Op.ThreadPark(1), new Op.Collect(1, 0, false))));
        c.add(FrameWriter.batch(1, new Batch(Batch.Mode.FREE_RUNNING,
                List.of(new Op.Alloc(0, 9, 32), new Op.Alloc(1, 10, 32), new Op.Free(0, 9)))));
        return c;
    }

    private static byte[] mutate(byte[] frame, Random rnd) {
        byte[] f = frame.clone();
        switch (rnd.nextInt(5)) {
            case 0 -> {   // flip a few bytes after the length
                for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) f[4 + rnd.nextInt(f.length - 4)] = (byte) rnd.nextInt(256);
            }
            case 1 -> f = Arrays.copyOf(f, Protocol.HEADER_SIZE + rnd.nextInt(Math.max(1, f.length - Protocol.HEADER_SIZE)));
            case 2 -> {   // append garbage
                int extra = 1 + rnd.nextInt(40);
                f = Arrays.copyOf(f, f.length + extra);
                for (int i = frame.length; i < f.length; i++) f[i] = (byte) rnd.nextInt(256);
            }
            case 3 -> {   // random body under a valid header
                f = new byte[Protocol.HEADER_SIZE + rnd.nextInt(200)];
                rnd.nextBytes(f);
                f[4] = 1;
                f[5] = (byte) (1 + rnd.nextInt(5));
            }
            default -> {   // flip bits in the op area of a batch
                for (int i = 0, n = 1 + rnd.nextInt(8); i < n; i++) {
                    int at = f.length > 12 ? 12 + rnd.nextInt(f.length - 12) : 4 + rnd.nextInt(8);
                    f[at] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
        }
        int len = f.length;
        for (int i = 0; i < 4; i++) f[i] = (byte) (len >>> (8 * i));
        return f;
    }

    @Test
    void randomAndMutatedFramesNeverCrashOrHangTheAgent() throws Exception {
        Random rnd = new Random(SEED);
        List<byte[]> corpus = corpus();
        AgentConnection c = AgentConnection.start(AgentOptions.core());
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        try {
            assertInstanceOf(AgentConnection.Frame.class, c.receive(10_000));
            int errors = 0;
            for (int i = 0; i < FRAMES; i++) {
                byte[] base = corpus.get(rnd.nextInt(corpus.size()));
                byte[] f = rnd.nextInt(4) == 0 ? base : mutate(base, rnd);
                sent.write(f);
                c.send(f);
                AgentConnection.Incoming in = c.receive(10_000);
                if (!(in instanceof AgentConnection.Frame)) {
                    Path replay = Path.of("target", "agent-fuzz-replay.bin");
                    Files.write(replay, sent.toByteArray());
                    throw new AssertionError("frame " + i + " got " + in + " (the frames this agent got are in " + replay
                            + "; replay: heapscope-agent < " + replay + "); stderr: " + c.stderrTail());
                }
                byte[] reply = ((AgentConnection.Frame) in).bytes();
                assertEquals(Arrays.toString(Arrays.copyOfRange(f, 8, 12)), Arrays.toString(Arrays.copyOfRange(reply, 8, 12)),
                        "the reply carries the request's seq");
                int type = reply[5] & 0xFF;
                if (type == Protocol.REP_ERROR) {
                    errors++;
                    ReplyDecoder.error(reply, List.of());   // decodable
                }
                if (type == Protocol.REP_BYE) {   // a SHUTDOWN came out of the mutations: start again
                    c.awaitExit(10_000);
                    c = AgentConnection.start(AgentOptions.core());
                    sent.reset();
                    assertInstanceOf(AgentConnection.Frame.class, c.receive(10_000));
                }
            }
            assertTrue(errors > FRAMES / 10, "the fuzzing reached the error paths: " + errors);
            c.send(FrameWriter.empty(Protocol.REQ_HELLO, 77));
            AgentConnection.Frame hello = (AgentConnection.Frame) c.receive(10_000);
            assertEquals(Protocol.REP_HELLO, hello.bytes()[5] & 0xFF);
            assertTrue(c.process().isAlive());
        } finally {
            c.kill();
        }
    }
}
