package io.heapscope.agent;

import io.heapscope.model.Heap;
import io.heapscope.model.Page;
import io.heapscope.model.Segment;
import io.heapscope.model.ProcessMemory;
import io.heapscope.model.Snapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helpers around snapshots of a running agent. */
final class Snapshots {
    private Snapshots() {}

    /** The snapshot without what legitimately differs between two pictures of one state. */
    static Snapshot comparable(Snapshot s) {
        return new Snapshot(0, s.opSerial(), s.clockMs(), s.withBlocks(), new ProcessMemory(0, 0, 0, 0), s.stats(),
                s.bins(), s.arenas(), s.segments(), s.pages(), s.heaps(), s.threads(), s.text(), s.design(), s.system());
    }

    /**
     * Takes a delta (applied to the client's previous picture) and then a fresh full snapshot, and
     * checks they agree; runs the core's validator first. Returns the full snapshot.
     */
    static Snapshot checkDeltaAgainstFull(AgentClient agent, String step) {
        BatchResult v = agent.run(new Op.Validate());
        assertEquals(OpResult.Status.OK, v.result(0).status(), step + ": validator: " + v.result(0).message());
        Snapshot viaDelta = agent.update(SnapshotOptions.ALL);
        Snapshot full = agent.fullSnapshot(SnapshotOptions.ALL);
        if (!comparable(full).equals(comparable(viaDelta))) {
            throw new AssertionError(step + ": delta applied to the previous snapshot differs from a fresh one:\n"
                    + differences(full, viaDelta));
        }
        return full;
    }

    /** The records that differ, keyed, for a readable failure. */
    static String differences(Snapshot expected, Snapshot actual) {
        StringBuilder sb = new StringBuilder();
        diff(sb, "stats", List.of(expected.stats()), List.of(actual.stats()), x -> 0L);
        diff(sb, "arena", expected.arenas(), actual.arenas(), a -> (long) a.id());
        diff(sb, "segment", expected.segments(), actual.segments(), Segment::address);
        diff(sb, "page", expected.pages(), actual.pages(), Page::pageStart);
        diff(sb, "heap", expected.heaps(), actual.heaps(), Heap::address);
        diff(sb, "thread", expected.threads(), actual.threads(), t -> (long) t.index());
        return sb.toString();
    }

    private static <T> void diff(StringBuilder sb, String what, List<T> expected, List<T> actual, Function<T, Long> key) {
        Map<Long, T> e = new LinkedHashMap<>(), a = new LinkedHashMap<>();
        expected.forEach(x -> e.put(key.apply(x), x));
        actual.forEach(x -> a.put(key.apply(x), x));
        for (Long k : e.keySet()) {
            if (!a.containsKey(k)) sb.append("  missing ").append(what).append(" 0x").append(Long.toHexString(k)).append(": ").append(e.get(k)).append('\n');
            else if (!a.get(k).equals(e.get(k))) sb.append("  ").append(what).append(" 0x").append(Long.toHexString(k))
                    .append("\n    fresh: ").append(e.get(k)).append("\n    delta: ").append(a.get(k)).append('\n');
        }
        for (Long k : a.keySet()) {
            if (!e.containsKey(k)) sb.append("  stale ").append(what).append(" 0x").append(Long.toHexString(k)).append(": ").append(a.get(k)).append('\n');
        }
    }

    /** The page holding the block at {@code address}. */
    static Page pageOf(Snapshot s, long address) {
        Page p = s.pageContaining(address).orElseThrow(() -> new AssertionError("no page holds 0x" + Long.toHexString(address)));
        assertTrue(p.blockSize() > 0);
        return p;
    }

    static int blockIndex(Page p, long address) {
        return (int) ((address - p.pageStart()) / p.blockSize());
    }
}
