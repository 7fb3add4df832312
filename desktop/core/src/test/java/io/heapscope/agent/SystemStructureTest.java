package io.heapscope.agent;

import io.heapscope.model.ClassTable;
import io.heapscope.model.SizeClass;
import io.heapscope.model.Snapshot;
import io.heapscope.model.SystemPage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each system allocator's own structure (records CLASSES and SYSPAGE): the scenario's live blocks
 * land in the size class the allocator puts them in, freed blocks show up as held free where the
 * allocator says so, and mimalloc's visitor reports the real pages the scenario filled.
 */
class SystemStructureTest {
    private static final SnapshotOptions STATS = new SnapshotOptions(false, true, false);

    /** 400 blocks of 100 bytes on thread 0, then every other one freed on the same thread. */
    private static Snapshot[] smallBlocks(AgentClient agent) {
        List<Op> ops = new ArrayList<>();
        ops.add(new Op.ThreadStart(0));
        for (int h = 1; h <= 400; h++) ops.add(new Op.Alloc(0, h, 100, 0, false, 0));
        agent.run(Batch.lockstep(ops));
        Snapshot before = agent.fullSnapshot(STATS);
        ops.clear();
        for (int h = 1; h <= 400; h += 2) ops.add(new Op.Free(0, h, false));
        agent.run(Batch.lockstep(ops));
        return new Snapshot[] {before, agent.fullSnapshot(STATS)};
    }

    private static long usableOf100(AgentClient agent) {
        BatchResult r = agent.run(new Op.Alloc(0, 1000, 100, 0, false, 0));
        long usable = r.result(0).usable();
        agent.run(new Op.Free(0, 1000, false));
        return usable;
    }

    private static SizeClass liveClass(Snapshot s, long usable, int live) {
        return liveClass(s, usable, live, live);
    }

    private static SizeClass liveClass(Snapshot s, long usable, int live, int allLive) {
        ClassTable t = s.system().classes();
        assertTrue(t.present(), "a class table: " + t);
        SizeClass c = t.classOf(usable).orElseThrow(() -> new AssertionError("no class holds " + usable + ": " + t));
        assertEquals(live, c.liveBlocks(), "live blocks of " + usable + " bytes in " + c);
        assertEquals((long) live * usable, c.liveBytes());
        assertEquals(allLive, t.liveBlocks(), "live blocks in all classes");
        return c;
    }

    @Test
    void jemallocBinsHoldTheBlocksAndTheirFreeRegions() {
        try (AgentClient agent = AgentClient.start(AgentOptions.system(SystemAllocator.JEMALLOC))) {
            Snapshot[] s = smallBlocks(agent);
            SizeClass full = liveClass(s[0], 112, 400);
            assertEquals(112, full.from());
            assertTrue(full.exact());
            assertTrue(full.pages() >= 2, "400 regions of 112 bytes need more than one slab: " + full);
            SizeClass half = liveClass(s[1], 112, 200);
            assertEquals(List.of("tcache", "slab", "dirty", "muzzy"),
                    s[1].system().classes().levels().stream().map(ClassTable.Level::name).toList());
            long tcache = half.levels().get(0), slab = half.levels().get(1);
            assertEquals(200 * 112, tcache + slab - full.levels().get(0) - full.levels().get(1),
                    "the 200 freed blocks are held, in the thread cache or back in their slabs");
            assertEquals(tcache + slab, half.heldFree());

            agent.run(new Op.Collect(0, 0, false));   // thread.tcache.flush: the cached regions go home
            SizeClass flushed = liveClass(agent.fullSnapshot(STATS), 112, 200);
            assertTrue(flushed.levels().get(0) < tcache, "thread 0's cache went back to the slabs: " + flushed);
            assertEquals(flushed.pages() * 256 * 112 - 200 * 112, flushed.heldFree(),
                    "a 112-byte slab has 256 regions; all but the live ones are held (slab or some thread's cache)");
            assertTrue(flushed.partialPages() >= 1, "slabs with holes are partly full: " + flushed);
            assertEquals(112, usableOf100(agent));
        }
    }

    @Test
    void tcmallocCachesHoldTheFreedObjectsOfTheirClass() {
        try (AgentClient agent = AgentClient.start(AgentOptions.system(SystemAllocator.TCMALLOC))) {
            Snapshot[] s = smallBlocks(agent);
            long usable = usableOf100(agent);
            assertEquals(112, usable);
            SizeClass before = liveClass(s[0], usable, 400);
            SizeClass after = liveClass(s[1], usable, 200);
            long heldBefore = Math.max(0, before.heldFree());
            assertEquals(200 * 112, after.heldFree() - heldBefore, "the freed objects wait in tcmalloc's caches");
            assertEquals(SizeClass.UNKNOWN, after.pages(), "tcmalloc does not say which spans hold a class");
            assertEquals(SizeClass.UNKNOWN, after.partialPages());
            List<ClassTable.Level> levels = s[1].system().classes().levels();
            assertEquals(List.of("thread", "transfer", "central", "page_heap"),
                    levels.stream().map(ClassTable.Level::name).toList());
            long caches = levels.get(0).total() + levels.get(1).total() + levels.get(2).total();
            assertTrue(caches >= 200 * 112, "the three caches hold at least the freed objects: " + levels);
        }
    }

    @Test
    void glibcBinsHoldWhatTheTcacheCannot() {
        try (AgentClient agent = AgentClient.start(AgentOptions.system(SystemAllocator.GLIBC))) {
            Snapshot[] s = smallBlocks(agent);
            long usable = usableOf100(agent);
            assertEquals(104, usable, "a 112-byte chunk less its 8-byte size word");
            liveClass(s[0], usable, 400);
            SizeClass after = liveClass(s[1], usable, 200);
            // glibc's tcache keeps 7 chunks of a size (mallopt default); malloc_info does not see them.
            assertEquals((200 - 7) * 112, after.heldFree(), s[1].system().classes().toString());
            // in fastbins (chunks <= 128 bytes), unless a malloc_consolidate moved them to the bins
            assertEquals(after.heldFree(), Math.max(0, after.levels().get(1)) + Math.max(0, after.levels().get(2)),
                    s[1].system().classes().toString());
            assertEquals(SizeClass.UNKNOWN, after.levels().get(0), "the tcache level is unknown");
            assertEquals(SizeClass.UNKNOWN, after.pages(), "glibc has no pages");
            assertTrue(s[1].stats().find("arena0.rest").orElseThrow().current() >= (200 - 7) * 112,
                    s[1].stats().toString());
        }
    }

    @Test
    void mimallocPagesAreTheOnesTheScenarioFilled() {
        try (AgentClient agent = AgentClient.start(AgentOptions.system(SystemAllocator.MIMALLOC))) {
            List<Op> ops = new ArrayList<>();
            ops.add(new Op.ThreadStart(0));
            ops.add(new Op.ThreadStart(1));
            for (int h = 1; h <= 300; h++) ops.add(new Op.Alloc(0, h, 100, 0, false, 0));
            for (int h = 301; h <= 350; h++) ops.add(new Op.Alloc(1, h, 5000, 0, false, 0));
            BatchResult r = agent.run(Batch.lockstep(ops));
            long small = r.result(2).usable(), medium = r.result(302).usable();
            assertEquals(112, small);
            Snapshot s = agent.fullSnapshot(STATS);

            List<SystemPage> smallPages = pages(s, 0, small);
            assertEquals(1, smallPages.size(), "300 blocks of 112 bytes fit one 64 KiB page: " + smallPages);
            SystemPage p = smallPages.get(0);
            assertEquals(300, p.used());
            assertTrue(p.reserved() <= 65536 && p.reservedBlocks() > 300, "a small page is 64 KiB in mimalloc 2.0.9: " + p);
            assertTrue(p.committed() >= 300 * 112 && p.committed() <= p.reserved());
            assertTrue(p.partial());

            List<SystemPage> mediumPages = pages(s, 1, medium);
            long perPage = mediumPages.get(0).reservedBlocks();
            assertEquals((50 + perPage - 1) / perPage, mediumPages.size(), "pages of " + medium + ": " + mediumPages);
            assertEquals(50, mediumPages.stream().mapToLong(SystemPage::used).sum());
            assertTrue(pages(s, 0, medium).isEmpty() && pages(s, 1, small).isEmpty(), "each thread has its own pages");

            SizeClass c = liveClass(s, small, 300, 350);
            assertEquals(50, liveClass(s, medium, 50, 350).liveBlocks());
            assertEquals(1, c.pages());
            assertEquals(1, c.partialPages());
            assertEquals(p.committed() - 300 * p.fullBlockSize(), c.heldFree());

            ops.clear();
            for (int h = 1; h <= 300; h++) ops.add(new Op.Free(0, h, false));
            agent.run(Batch.lockstep(ops));
            Snapshot after = agent.fullSnapshot(STATS);
            assertEquals(0, pages(after, 0, small).stream().mapToLong(SystemPage::used).sum());
            assertFalse(after.system().classes().classOf(small).map(k -> k.liveBlocks() > 0).orElse(false));
        }
    }

    private static List<SystemPage> pages(Snapshot s, int thread, long blockSize) {
        return s.system().pages().stream().filter(p -> p.thread() == thread && p.blockSize() == blockSize).toList();
    }
}
