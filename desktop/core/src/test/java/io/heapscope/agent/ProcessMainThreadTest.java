package io.heapscope.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scenario thread started as the process's main thread runs on the agent's main thread:
 * only its forced collect adopts abandoned segments (mimalloc's mi_heap_collect_ex); there is at
 * most one, and it cannot exit.
 */
class ProcessMainThreadTest {
    private AgentClient agent;

    @BeforeEach
    void start() {
        agent = AgentClient.start(AgentOptions.core().withTimeout(Duration.ofSeconds(20)));
        agent.run(new Op.ThreadStart(0, true), new Op.ThreadStart(1), new Op.ThreadStart(2));
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    /** Thread 2 allocates 100 blocks and exits: its segment is abandoned. */
    private void abandonASegment() {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 100; i++) ops.add(new Op.Alloc(2, 1 + i, 1024));
        ops.add(new Op.ThreadExit(2));
        BatchResult r = agent.run(Batch.lockstep(ops));
        assertEquals(1, r.events("SEGMENT_ABANDONED").size(), "the exit abandons the segment");
    }

    @Test
    void onlyTheProcessMainThreadsForcedCollectAdoptsAbandonedSegments() {
        abandonASegment();
        BatchResult other = agent.run(new Op.Collect(1, 0, true));
        assertEquals(0, other.events("SEGMENT_RECLAIMED").size(), "thread 1 is not the main thread");
        BatchResult main = agent.run(new Op.Collect(0, 0, true));
        assertEquals(1, main.events("SEGMENT_RECLAIMED").size(), "thread 0 is");
        assertEquals(0, main.events("SEGMENT_RECLAIMED").get(0).thread(), "attributed to thread 0");
        agent.run(new Op.Validate());
    }

    @Test
    void theMainThreadAllocatesFreesAndRunsFreeRunningBatches() {
        agent.run(new Op.Alloc(0, 1, 100), new Op.Free(1, 1), new Op.Alloc(0, 2, 64));
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ops.add(new Op.Alloc(0, 10 + i, 32));
            ops.add(new Op.Alloc(1, 1000 + i, 48));
        }
        BatchResult r = agent.run(new Batch(Batch.Mode.FREE_RUNNING, ops));
        assertEquals(1000, r.results().size());
        agent.run(new Op.Validate());
    }

    @Test
    void thereIsOneMainThreadAndItCannotExit() {
        AgentErrorException twice = assertThrows(AgentErrorException.class,
                () -> agent.run(new Op.ThreadStart(3, true)));
        assertEquals(ErrorCode.BAD_THREAD, twice.code());
        assertTrue(twice.agentMessage().contains("already thread 0"), twice.agentMessage());
        AgentErrorException exit = assertThrows(AgentErrorException.class,
                () -> agent.run(new Op.ThreadExit(0)));
        assertEquals(ErrorCode.BAD_THREAD, exit.code());
        assertTrue(exit.agentMessage().contains("cannot exit"), exit.agentMessage());
        agent.run(new Op.Alloc(0, 1, 16), new Op.Validate());   // still running, still serving
    }
}
