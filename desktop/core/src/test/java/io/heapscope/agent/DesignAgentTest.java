package io.heapscope.agent;

import io.heapscope.model.Arena;
import io.heapscope.model.Page;
import io.heapscope.model.Snapshot;
import org.junit.jupiter.api.Test;

import static io.heapscope.agent.Snapshots.checkDeltaAgainstFull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An agent started with HEAPSCOPE_DESIGN=v3 runs the core's v3 design and says so in HELLO and snapshots. */
class DesignAgentTest {
    @Test
    void helloAndSnapshotsNameTheDesign() {
        try (AgentClient v2 = AgentClient.start(AgentOptions.core().withEnvironment("HEAPSCOPE_DESIGN", "v2"))) {
            assertEquals("v2", v2.hello().design());
            v2.run(new Op.ThreadStart(0), new Op.Alloc(0, 1, 100));
            Snapshot s = v2.fullSnapshot(SnapshotOptions.STRUCTURE);
            assertEquals("v2", s.design());
            assertFalse(s.segments().isEmpty());
        }
    }

    @Test
    void aV3SnapshotHasArenasAndPagesButNoSegments() {
        try (AgentClient agent = AgentClient.start(AgentOptions.core().withEnvironment("HEAPSCOPE_DESIGN", "v3"))) {
            assertEquals("v3", agent.hello().design());
            assertTrue(agent.hello().options().contains("page_reclaim_on_free"), agent.hello().options().toString());
            agent.run(new Op.ThreadStart(0), new Op.ThreadStart(1));
            for (int h = 1; h <= 300; h++) agent.run(new Op.Alloc(h % 2, h, 64L * (1 + h % 5)));
            agent.fullSnapshot(SnapshotOptions.ALL);   /* the base the deltas apply to */
            Snapshot s = checkDeltaAgainstFull(agent, "after allocations on two threads");
            assertEquals("v3", s.design());
            assertTrue(s.segments().isEmpty(), "v3 has no segments");
            assertFalse(s.pages().isEmpty());
            assertFalse(s.arenas().isEmpty());
            Arena arena = s.arenas().getFirst();
            assertEquals(64 << 10, arena.blockSize(), "an arena's blocks are 64 KiB slices");
            for (Page p : s.pages()) {
                assertEquals(arena.start(), p.segment(), "a v3 page names its arena");
                assertEquals(Page.DelayedState.NO_DELAYED, p.delayedState(), "v3 has no delayed free");
                long pageAddress = arena.start() + ((long) p.sliceIndex() << 16);
                assertTrue(Long.compareUnsigned(p.pageStart(), pageAddress) >= 0
                        && Long.compareUnsigned(p.pageStart(), pageAddress + ((long) p.sliceCount() << 16)) < 0,
                        "the page's first block lies in its slices");
            }
            /* thread 1 frees everything thread 0 allocated, then thread 0 exits: pages change hands */
            for (int h = 2; h <= 300; h += 2) agent.run(new Op.Free(1, h, false));
            checkDeltaAgainstFull(agent, "after cross-thread frees");
            agent.run(new Op.ThreadExit(1));
            Snapshot after = checkDeltaAgainstFull(agent, "after thread 1 exited");
            assertEquals("v3", after.design());
        }
    }
}
