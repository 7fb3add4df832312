package io.heapscope.agent;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A crashing, killed or hung agent is reported clearly and replaced. */
class AgentLifecycleTest {
    private static final AgentOptions CRASHABLE = AgentOptions.core()
            .withEnvironment("HEAPSCOPE_AGENT_ALLOW_CRASH", "1").withTimeout(Duration.ofSeconds(20));

    @Test
    void aCrashIsReportedWithSignalLastOpAndStderrThenReplaced() {
        AgentClient agent = AgentClient.start(CRASHABLE);
        agent.run(new Op.ThreadStart(0), new Op.Alloc(0, 1, 100));
        AgentDiedException e = assertThrows(AgentDiedException.class,
                () -> agent.run(new Op.Alloc(0, 2, 50), new Op.Crash(Op.Crash.How.SEGFAULT)));
        assertEquals(11, e.signal().orElseThrow(), e.getMessage());
        assertTrue(e.lastOp().contains("Crash"), e.lastOp());
        assertTrue(e.stderrTail().contains("crash requested"), e.stderrTail());
        assertTrue(e.getMessage().contains("SIGSEGV"), e.getMessage());
        assertFalse(agent.isAlive());
        assertThrows(IllegalStateException.class, () -> agent.run(new Op.Validate()), "a dead client refuses calls");

        AgentClient fresh = agent.restart();
        try {
            assertNotEquals(agent.pid(), fresh.pid());
            fresh.run(new Op.ThreadStart(0), new Op.Alloc(0, 1, 100));
            assertTrue(fresh.isAlive());
        } finally {
            fresh.close();
        }
    }

    @Test
    void anExitStatusAndAnAbortAreReported() {
        AgentClient agent = AgentClient.start(CRASHABLE);
        AgentDiedException exit = assertThrows(AgentDiedException.class, () -> agent.run(new Op.Crash(Op.Crash.How.EXIT)));
        assertEquals(3, exit.exitStatus().orElseThrow(), exit.getMessage());
        AgentClient second = agent.restart();
        AgentDiedException abort = assertThrows(AgentDiedException.class, () -> second.run(new Op.Crash(Op.Crash.How.ABORT)));
        assertEquals(6, abort.signal().orElseThrow(), abort.getMessage());
        second.restart().close();
    }

    @Test
    void aKilledAgentIsReported() {
        AgentClient agent = AgentClient.start(AgentOptions.core());
        agent.run(new Op.ThreadStart(0));
        ProcessHandle.of(agent.pid()).orElseThrow().destroyForcibly();
        AgentDiedException e = assertThrows(AgentDiedException.class, () -> agent.run(new Op.Alloc(0, 1, 8)));
        assertEquals(9, e.signal().orElseThrow(), e.getMessage());
        agent.restart().close();
    }

    @Test
    void aHungAgentTimesOutAndIsKilled() throws Exception {
        AgentClient agent = AgentClient.start(AgentOptions.core().withTimeout(Duration.ofMillis(400)));
        new ProcessBuilder("kill", "-STOP", Long.toString(agent.pid())).start().waitFor();
        long t0 = System.nanoTime();
        assertThrows(AgentTimeoutException.class, () -> agent.run(new Op.ThreadStart(0)));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "the call returned near its timeout");
        assertFalse(agent.isAlive());
        AgentClient fresh = agent.restart();
        fresh.run(new Op.ThreadStart(0));
        fresh.close();
    }

    @Test
    void theAsyncClientReportsDeathThroughItsFutures() {
        AsyncAgentClient agent = AsyncAgentClient.start(CRASHABLE).join();
        try {
            assertEquals("core", agent.hello().backend());
            agent.run(Batch.lockstep(new Op.ThreadStart(0))).join();
            CompletionException e = assertThrows(CompletionException.class,
                    () -> agent.run(Batch.lockstep(new Op.Crash(Op.Crash.How.SEGFAULT))).join());
            assertInstanceOf(AgentDiedException.class, e.getCause());
            agent.restart().join();
            assertTrue(agent.isAlive());
            assertEquals(1, agent.run(Batch.lockstep(new Op.ThreadStart(0))).join().results().size());
        } finally {
            agent.close();
        }
    }

    @Test
    void blockingCallsAreRefusedOnTheFxThread() throws Exception {
        AgentClient agent = AgentClient.start(AgentOptions.core());
        try {
            Throwable[] thrown = new Throwable[1];
            Thread fx = new Thread(() -> {
                try {
                    agent.run(new Op.Validate());
                } catch (Throwable t) {
                    thrown[0] = t;
                }
            }, "JavaFX Application Thread");
            fx.start();
            fx.join();
            assertInstanceOf(IllegalStateException.class, thrown[0]);
            agent.run(new Op.Validate());
        } finally {
            agent.close();
        }
    }
}
