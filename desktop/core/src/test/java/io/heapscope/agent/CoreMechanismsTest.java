package io.heapscope.agent;

import io.heapscope.model.BlockState;
import io.heapscope.model.Heap;
import io.heapscope.model.Page;
import io.heapscope.model.Segment;
import io.heapscope.model.Snapshot;
import io.heapscope.model.ThreadInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.heapscope.agent.Snapshots.blockIndex;
import static io.heapscope.agent.Snapshots.checkDeltaAgainstFull;
import static io.heapscope.agent.Snapshots.pageOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The core's mechanisms, driven through the client against a real agent, with deltas checked at every step. */
class CoreMechanismsTest {
    private AgentClient agent;

    @BeforeEach
    void start() {
        agent = AgentClient.start(AgentOptions.core().withTimeout(Duration.ofSeconds(20)));
        agent.run(new Op.ThreadStart(0), new Op.ThreadStart(1));
        agent.fullSnapshot(SnapshotOptions.ALL);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private long alloc(int thread, int handle, long size) {
        return agent.run(new Op.Alloc(thread, handle, size)).result(0).address();
    }

    @Test
    void remoteFreeWaitsOnTheOwnersThreadFreeUntilTheOwnerCollects() {
        for (int h = 1; h <= 8; h++) alloc(0, h, 64);
        long victim = agent.run(new Op.Touch(0, 3, 0x5A, 0, 0)).result(0).address();
        checkDeltaAgainstFull(agent, "after the owner's allocations");

        agent.run(new Op.ThreadPark(0), new Op.Free(1, 3));
        Snapshot s = checkDeltaAgainstFull(agent, "after the remote free");
        Page page = pageOf(s, victim);
        assertEquals(0, page.thread(), "the page still belongs to thread 0");
        assertEquals(1, page.threadFreeCount() + page.delayedCount(), "the freed block waits for its owner");
        BlockState state = page.blocks().state(blockIndex(page, victim));
        assertTrue(state == BlockState.THREAD_FREE || state == BlockState.DELAYED, "block state " + state);
        assertEquals(1, s.thread(0).orElseThrow().pendingThreadFree() + s.thread(0).orElseThrow().pendingDelayed());
        assertEquals(ThreadInfo.State.PARKED, s.thread(0).orElseThrow().state());

        BatchResult collect = agent.run(new Op.Collect(0, 0, false));
        assertFalse(collect.events("THREAD_FREE_COLLECTED").isEmpty() && collect.events("DELAYED_PROCESSED").isEmpty(),
                "collect reports moving the remote free: " + collect.events());
        s = checkDeltaAgainstFull(agent, "after the owner's collect");
        page = pageOf(s, victim);
        assertEquals(0, page.threadFreeCount() + page.delayedCount());
        BlockState after = page.blocks().state(blockIndex(page, victim));
        assertTrue(after == BlockState.FREE || after == BlockState.LOCAL_FREE, "collected block is reusable: " + after);
        assertEquals(0, s.thread(0).orElseThrow().pendingThreadFree());
    }

    @Test
    void ownersAllocationsMoveRemoteFreesBackIntoUse() {
        List<Op> ops = new ArrayList<>();
        for (int h = 1; h <= 32; h++) ops.add(new Op.Alloc(0, h, 128));
        for (int h = 1; h <= 32; h += 2) ops.add(new Op.Free(1, h));
        agent.run(Batch.lockstep(ops));
        Snapshot s = checkDeltaAgainstFull(agent, "after sixteen remote frees");
        long pending = s.thread(0).orElseThrow().pendingThreadFree() + s.thread(0).orElseThrow().pendingDelayed();
        assertEquals(16, pending);

        ops.clear();
        for (int h = 100; h < 1100; h++) ops.add(new Op.Alloc(0, h, 128));
        agent.run(Batch.lockstep(ops));
        s = checkDeltaAgainstFull(agent, "after the owner allocated on");
        assertEquals(0, s.thread(0).orElseThrow().pendingThreadFree() + s.thread(0).orElseThrow().pendingDelayed(),
                "the owner's generic path collected the remote frees");
    }

    @Test
    void remoteFreeIntoAFullPageGoesToTheHeapsDelayedList() {
        // 16 KiB blocks: four to a 64 KiB page; the fifth allocation finds the page full.
        List<Op> ops = new ArrayList<>();
        for (int h = 1; h <= 9; h++) ops.add(new Op.Alloc(0, h, 16 << 10));
        long first = agent.run(Batch.lockstep(ops)).result(0).address();
        Snapshot s = checkDeltaAgainstFull(agent, "after filling pages");
        Page full = pageOf(s, first);
        assertTrue(full.inFull(), "the first page is on the full queue");

        BatchResult free = agent.run(new Op.Free(1, 1));
        s = checkDeltaAgainstFull(agent, "after a remote free into the full page");
        Page page = pageOf(s, first);
        // A full page's delayed state is USE_DELAYED: its first remote free goes to the owner heap.
        assertEquals(1, page.delayedCount(), "the free went to the heap's delayed list");
        assertEquals(0, page.threadFreeCount(), "not to the page's thread_free");
        assertFalse(free.events("DELAYED_NOTIFY").isEmpty(), "DELAYED_NOTIFY tied to the free: " + free.events());
        Heap heap = s.heap(page.heap()).orElseThrow();
        assertEquals(1, heap.delayedCount());
        assertEquals(BlockState.DELAYED, page.blocks().state(0));

        agent.run(new Op.Alloc(0, 20, 16 << 10));
        agent.run(new Op.Collect(0, 0, false));
        s = checkDeltaAgainstFull(agent, "after the owner allocated and collected");
        page = pageOf(s, first);
        assertEquals(0, page.delayedCount() + page.threadFreeCount());
        assertEquals(0, s.heaps().stream().mapToLong(Heap::delayedCount).sum());
    }

    @Test
    void threadExitAbandonsSegmentsThatAnotherThreadReclaims() {
        long block = alloc(0, 1, 256);
        alloc(0, 2, 4000);
        checkDeltaAgainstFull(agent, "before the exit");

        BatchResult exit = agent.run(new Op.ThreadExit(0));
        assertFalse(exit.events("SEGMENT_ABANDONED").isEmpty(), "abandonment tied to the exit: " + exit.events());
        Snapshot s = checkDeltaAgainstFull(agent, "after the exit");
        Segment seg = s.segments().stream().filter(x -> x.contains(block)).findFirst().orElseThrow();
        assertTrue(seg.abandoned());
        assertEquals(0, seg.threadId());
        assertFalse(s.abandonedSegments().isEmpty());
        assertTrue(pageOf(s, block).abandoned());
        assertEquals(ThreadInfo.State.EXITED, s.thread(0).orElseThrow().state());

        /* A forced collect adopts abandoned segments on the process's main thread only. */
        BatchResult none = agent.run(new Op.Collect(1, 0, true));
        assertTrue(none.events("SEGMENT_RECLAIMED").isEmpty(), "thread 1 is not the main thread: " + none.events());
        agent.run(new Op.ThreadStart(2, true));
        BatchResult reclaim = agent.run(new Op.Collect(2, 0, true));
        assertFalse(reclaim.events("SEGMENT_RECLAIMED").isEmpty(), "reclaim reported: " + reclaim.events());
        s = checkDeltaAgainstFull(agent, "after the reclaim");
        seg = s.segments().stream().filter(x -> x.contains(block)).findFirst().orElseThrow();
        assertFalse(seg.abandoned());
        assertEquals(2, seg.thread());
        assertTrue(s.thread(2).orElseThrow().ownedSegments() >= 1);

        agent.run(new Op.Free(1, 1), new Op.Free(2, 2));
        checkDeltaAgainstFull(agent, "after freeing the reclaimed blocks");
    }

    @Test
    void destroyEmptiesAHeap() {
        List<Op> ops = new ArrayList<>();
        ops.add(new Op.HeapNew(0, 1));
        for (int h = 1; h <= 300; h++) ops.add(new Op.Alloc(0, h, 16L * (1 + h % 40), 0, false, 1));
        ops.add(new Op.Alloc(0, 1000, 200_000, 0, false, 1));   // a large page too
        ops.add(new Op.Alloc(0, 1001, 64));                      // on the backing heap: survives
        BatchResult r = agent.run(Batch.lockstep(ops));
        long heapAddress = r.result(0).address();
        Snapshot s = checkDeltaAgainstFull(agent, "a first-class heap with blocks");
        Heap heap = s.heap(heapAddress).orElseThrow();
        assertTrue(heap.pageCount() > 1);
        assertEquals(1, heap.id());
        assertFalse(s.pages().stream().filter(p -> p.heap() == heapAddress).toList().isEmpty());

        BatchResult destroy = agent.run(new Op.HeapDestroy(0, 1));
        assertFalse(destroy.events("HEAP_DESTROYED").isEmpty());
        s = checkDeltaAgainstFull(agent, "after destroy");
        assertTrue(s.heap(heapAddress).isEmpty(), "the heap is gone");
        assertTrue(s.pages().stream().noneMatch(p -> p.heap() == heapAddress), "no page is left in it");
        assertTrue(s.pageContaining(r.result(r.results().size() - 1).address()).isPresent(), "the backing heap's block lives on");

        AgentErrorException e = assertThrows(AgentErrorException.class, () -> agent.run(new Op.Free(0, 5)));
        assertEquals(ErrorCode.HANDLE_FREED, e.code());
    }

    @Test
    void aFreeWithTheAgainFlagIsADoubleFreeTheSecureCoreDetects() {
        agent.run(Batch.lockstep(List.of(new Op.SetOption("secure", 4),
                new Op.Alloc(0, 1, 256), new Op.Alloc(0, 2, 256), new Op.Free(0, 1))));
        AgentErrorException refused = assertThrows(AgentErrorException.class, () -> agent.run(new Op.Free(0, 1)));
        assertEquals(ErrorCode.HANDLE_FREED, refused.code(), "without the flag the agent refuses");

        BatchResult again = agent.run(new Op.Free(0, 1, true));
        assertFalse(again.events("DOUBLE_FREE").isEmpty(), "the core reported the double free");
        Snapshot s = checkDeltaAgainstFull(agent, "after a double free");
        assertEquals(1, s.stats().current("double_frees", 0));
        Page page = pageOf(s, again.result(0).address());
        assertEquals(1, page.localFreeCount(), "the block is on local_free once, not twice");
    }

    @Test
    void heapDeleteMovesLiveBlocksToTheBackingHeap() {
        List<Op> ops = new ArrayList<>();
        ops.add(new Op.HeapNew(0, 2));
        for (int h = 1; h <= 50; h++) ops.add(new Op.Alloc(0, h, 48, 0, false, 2));
        agent.run(Batch.lockstep(ops));
        checkDeltaAgainstFull(agent, "before delete");
        agent.run(new Op.HeapDelete(0, 2));
        Snapshot s = checkDeltaAgainstFull(agent, "after delete");
        long backing = s.thread(0).orElseThrow().backingHeap();
        long block = agent.run(new Op.Touch(0, 7, 1, 0, 0)).result(0).address();
        assertEquals(backing, pageOf(s, block).heap());
        agent.run(new Op.Free(1, 7));
        checkDeltaAgainstFull(agent, "after a remote free of a moved block");
    }

    @Test
    void purgeFollowsTheVirtualClock() {
        agent.run(new Op.SetOption("purge_delay", 50));
        List<Op> ops = new ArrayList<>();
        for (int h = 1; h <= 64; h++) ops.add(new Op.Alloc(0, h, 60_000));
        for (int h = 1; h <= 64; h++) ops.add(new Op.Free(0, h));
        agent.run(Batch.lockstep(ops));
        checkDeltaAgainstFull(agent, "freed, purge pending");
        BatchResult later = agent.run(new Op.Advance(1000), new Op.Collect(0, 0, false));
        assertEquals(1000, later.result(0).value());
        Snapshot s = checkDeltaAgainstFull(agent, "after the clock moved");
        assertEquals(1000, s.clockMs());
    }
}

