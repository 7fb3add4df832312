package io.heapscope.agent;

import io.heapscope.model.Snapshot;
import io.heapscope.model.SnapshotUpdate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The system backend reports what each preloaded allocator exposes (missing libraries fail clearly). */
class SystemBackendTest {
    private static final Map<SystemAllocator, List<String>> EXPECTED = Map.of(
            SystemAllocator.GLIBC, List.of("glibc", "uordblks", "<malloc"),
            SystemAllocator.MIMALLOC, List.of("mimalloc 2.0.9", "committed", "reserved"),
            SystemAllocator.JEMALLOC, List.of("jemalloc 5.3", "resident", "\"jemalloc\""),
            SystemAllocator.TCMALLOC, List.of("gperftools", "generic.heap_size", "MALLOC"));

    @Test
    void eachAllocatorReportsItsOwnStatistics() {
        for (SystemAllocator a : SystemAllocator.values()) {
            List<String> expect = EXPECTED.get(a);
            try (AgentClient agent = AgentClient.start(AgentOptions.system(a))) {
                assertTrue(agent.hello().allocator().startsWith(expect.get(0)), a + ": " + agent.hello().allocator());
                assertTrue(agent.hello().eventKinds().isEmpty());
                List<Op> ops = new ArrayList<>();
                ops.add(new Op.ThreadStart(0));
                ops.add(new Op.ThreadStart(1));
                for (int h = 1; h <= 1000; h++) ops.add(new Op.Alloc(0, h, 100 + h, h % 3 == 0 ? 64 : 0, h % 2 == 0, 0));
                for (int h = 1; h <= 1000; h += 2) ops.add(new Op.Free(1, h));
                ops.add(new Op.Realloc(0, 2, 100_000));
                ops.add(new Op.Collect(0, 0, true));
                BatchResult r = agent.run(Batch.lockstep(ops));
                assertTrue(r.result(2).usable() >= 101, a + " usable size");
                assertEquals(0, r.result(4).address() % 64, a + " honours alignment");

                SnapshotUpdate u = agent.snapshot(true, new SnapshotOptions(false, true, true));
                Snapshot s = assertInstanceOf(Snapshot.class, u, "the system backend always answers in full");
                assertTrue(s.process().rss() > 0);
                assertTrue(s.stats().find(expect.get(1)).isPresent(), a + " stats: " + s.stats());
                assertTrue(s.text().text().contains(expect.get(2)), a + " text starts: "
                        + s.text().text().substring(0, Math.min(200, s.text().text().length())));
                assertEquals(2, s.threads().size());
                assertTrue(s.segments().isEmpty() && s.pages().isEmpty(), "the system backend has no core structure");
            }
        }
    }
}
