package io.heapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.agent.AgentOptions;
import org.junit.jupiter.api.Test;

/**
 * A double free on secure 0 ends with the explanation, on the core (which cuts the cycle and
 * says where) and on mimalloc (which loops for ever: the watchdog ends it).
 */
class DoubleFreeTest {

    private static final String SAMPLE = "../../samples/double-free-unchecked.scenario";

    @Test
    void onTheCoreTheRunEndsAndSaysWhatTheDoubleFreeDidAndWhereTheCycleWasCut() {
        CliTest.Result r = CliTest.cli("run", SAMPLE, "--no-progress");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains(SAMPLE + ":19:1: warning: double free of a[3], which was freed at 18:1: unless secure"
                + " mode (set secure = 4) catches it, a double free puts the block on its page's free list a second"
                + " time, linked to itself, so the list loops (a cycle): the allocator would hand the block out twice,"
                + " or loop for ever walking the list"), r.err());
        assertTrue(r.err().matches("(?s).*" + java.util.regex.Pattern.quote(SAMPLE) + ":21:1: note: FREE_LIST_CYCLE: walking a"
                + " free list of the page at 0x[0-9a-f]+ \\(blocks of 64 B\\), the core came back to block 0x[0-9a-f]+ after"
                + " \\d+ links: the cycle a double free makes\\..*"), r.err());
        assertTrue(r.out().contains("PASSED: blocks(live) == 17"), r.out());
    }

    @Test
    void onMimallocTheHangIsEndedByTheWatchdogWithTheDoubleFreeAsItsLikelyCause() {
        String before = System.getProperty(AgentOptions.TIMEOUT_PROPERTY);
        System.setProperty(AgentOptions.TIMEOUT_PROPERTY, "1.5");
        try {
            long t0 = System.nanoTime();
            CliTest.Result r = CliTest.cli("run", SAMPLE, "--backend", "mimalloc", "--no-progress");
            assertEquals(ExitCode.AGENT_FAILED.status(), r.status(), r.err());
            assertTrue(r.err().contains("heapscope: " + SAMPLE + ":21:1: step 20: running this statement (Collect on main)"
                    + " the agent did not answer within 1.5 s, so the watchdog killed it"), r.err());
            assertTrue(r.err().contains("Before it, a[3] was freed twice (19:1): unless the allocator checks frees"),
                    r.err());
            assertTrue(r.err().contains("so the list loops (a cycle)"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "ended by the watchdog");
        } finally {
            if (before == null) {
                System.clearProperty(AgentOptions.TIMEOUT_PROPERTY);
            } else {
                System.setProperty(AgentOptions.TIMEOUT_PROPERTY, before);
            }
        }
    }
}
