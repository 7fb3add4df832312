package io.heapscope.agent;

import io.heapscope.model.Snapshot;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seeds' story ("Mimalloc Cigarette"), measured: thread 0 allocates its data and goes to
 * sleep; thread 1 refreshes it, block by block allocating the replacement and freeing the old one.
 * The old blocks are freed by a thread that does not own them onto the sleeping owner's pages, so
 * an allocator that lets only the owner reuse them grows although the live data stays the same.
 *
 * <p>The same ops run on the Heapscope core and on the system backend with Debian's mimalloc 2.0.9
 * preloaded; both must grow. glibc, jemalloc and tcmalloc run the scenario too and their figures
 * are printed (no assertion: how they behave is what the comparison shows).
 */
class StrandedMemoryRssTest {
    private static final int BLOCKS = 32 * 1024;
    private static final int SIZE = 1024;
    private static final long LIVE = (long) BLOCKS * SIZE;
    private static final int ROUNDS = 3;

    /** RSS after the owner's allocation, then after each refresh round. */
    private static long[] run(AgentOptions options) {
        try (AgentClient agent = AgentClient.start(options)) {
            long[] rss = new long[ROUNDS + 1];
            agent.run(new Op.ThreadStart(0), new Op.ThreadStart(1));
            List<Op> ops = new ArrayList<>();
            for (int i = 0; i < BLOCKS; i++) {
                ops.add(new Op.Alloc(0, 1 + i, SIZE));
                ops.add(new Op.Touch(0, 1 + i, 0x11, 0, 0));
            }
            ops.add(new Op.ThreadPark(0));
            agent.run(Batch.lockstep(ops));
            rss[0] = rss(agent);
            for (int round = 1; round <= ROUNDS; round++) {
                ops.clear();
                int oldBase = 1 + (round - 1) * BLOCKS, newBase = 1 + round * BLOCKS;
                for (int i = 0; i < BLOCKS; i++) {
                    ops.add(new Op.Alloc(1, newBase + i, SIZE));
                    ops.add(new Op.Touch(1, newBase + i, 0x22, 0, 0));
                    ops.add(new Op.Free(1, oldBase + i));
                }
                agent.run(Batch.lockstep(ops));
                rss[round] = rss(agent);
            }
            System.out.printf("%-22s RSS MiB: owner allocated %6.1f; after refresh rounds %s (live data %d MiB)%n",
                    agent.hello().allocator(), mib(rss[0]), roundsText(rss), LIVE >> 20);
            return rss;
        }
    }

    private static long rss(AgentClient agent) {
        Snapshot s = agent.fullSnapshot(SnapshotOptions.STRUCTURE);
        return s.process().rss();
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String roundsText(long[] rss) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < rss.length; i++) sb.append(String.format("%6.1f ", mib(rss[i])));
        return sb.toString().trim();
    }

    private static void assertGrows(String who, long[] rss) {
        assertTrue(rss[1] - rss[0] > LIVE * 3 / 4, who + ": the refresher's first round should add about "
                + (LIVE >> 20) + " MiB while the owner sleeps; RSS went " + mib(rss[0]) + " -> " + mib(rss[1]) + " MiB");
    }

    @Test
    void theCoreStrandsRemoteFreesOnASleepingOwnersPages() {
        assertGrows("core", run(AgentOptions.core()));
    }

    @Test
    void debiansMimallocDoesTheSame() {
        AgentOptions mimalloc = AgentOptions.system(SystemAllocator.MIMALLOC);
        try (AgentClient probe = AgentClient.start(mimalloc)) {
            assertEquals("mimalloc 2.0.9", probe.hello().allocator(), "the preloaded allocator is Debian's mimalloc");
        }
        assertGrows("mimalloc 2.0.9", run(mimalloc));
    }

    @Test
    void glibcJemallocAndTcmallocRunTheSameScenario() {
        for (SystemAllocator a : List.of(SystemAllocator.GLIBC, SystemAllocator.JEMALLOC, SystemAllocator.TCMALLOC)) {
            long[] rss = run(AgentOptions.system(a));
            assertTrue(rss[0] > LIVE / 2, a + ": the owner's data is resident");
        }
    }
}
