package io.heapscope.app.session;

import static io.heapscope.app.session.EngineSessionTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.agent.AgentClient;
import io.heapscope.agent.AgentOptions;
import io.heapscope.app.session.SessionState.Status;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The window's session when its agent is killed with {@code kill -9} during a long run: the run
 * ends as a failure that says so, on the statement's line, with a fresh agent in place, and the
 * user can step back and go on.
 */
class SessionAgentFaultsTest {

    private static final String LONG = """
            thread main
            main: keep = malloc 64 B
            main: for i in 0..3000000 {
              a = malloc 64 B
              free a
            }
            """;

    private final List<AgentClient> started = new CopyOnWriteArrayList<>();
    private final EngineSession session = new EngineSession(name -> () -> {
        AgentClient c = AgentClient.start(AgentOptions.core());
        started.add(c);
        return c;
    }, List.of("core"));

    @AfterEach
    void stop() {
        session.close();
    }

    @Test
    void aKilledAgentDuringALongRunIsAFailureOnTheLineAndTheRunGoesOn() throws Exception {
        session.load("long.scenario", LONG);
        waitUntil(() -> session.state().status() == Status.PAUSED, "loaded");
        AgentClient running = started.getFirst();
        session.runOrContinue();
        waitUntil(() -> session.state().step() > 1000, "well into the run");
        assertTrue(ProcessHandle.of(running.pid()).orElseThrow().destroyForcibly(), "kill -9");

        waitUntil(() -> session.state().status() == Status.FAILED, "the run fails");
        SessionState failed = session.state();
        assertTrue(failed.message().contains("killed by signal 9 (SIGKILL)"), failed.message());
        assertTrue(failed.message().startsWith("long.scenario:"), failed.message());
        assertTrue(failed.currentLine() >= 2, "the run stands on a statement: " + failed.currentLine());
        assertTrue(started.size() > 1 && started.getLast().isAlive(), "a fresh agent took over");

        long at = failed.step();
        session.stepBack();
        waitUntil(() -> !session.state().busy() && session.state().status() != Status.FAILED, "stepped back");
        assertEquals(at - 1, session.state().step(), session.state().message());
        session.step();
        waitUntil(() -> !session.state().busy() && session.state().step() == at, "and forward again");
        assertEquals(Status.PAUSED, session.state().status(), session.state().message());
    }

    /**
     * The shipped double-free sample in the window: on the core it runs to its end (the core cuts
     * the cycle and reports it in the step's events); on mimalloc 2.0.9 walking the looping list
     * never ends and the watchdog ends it with the explanation, on the line that walked it.
     */
    @Test
    void aDoubleFreeOnSecureZeroEndsWithTheExplanationInsteadOfAHang() throws Exception {
        String text = java.nio.file.Files.readString(java.nio.file.Path.of("../../samples/double-free-unchecked.scenario"));
        session.load("double-free-unchecked.scenario", text);
        waitUntil(() -> session.state().status() == Status.PAUSED, "loaded");
        session.runOrContinue();
        waitUntil(() -> session.state().status() == Status.FINISHED, "the run ends on the core");

        try (EngineSession mimalloc = new EngineSession(name -> () -> AgentClient.start(
                io.heapscope.agent.Backends.forName(name).withTimeout(java.time.Duration.ofMillis(1500))), List.of("mimalloc"))) {
            mimalloc.load("double-free-unchecked.scenario", text);
            waitUntil(() -> mimalloc.state().status() == Status.PAUSED, "loaded on mimalloc");
            mimalloc.runOrContinue();
            waitUntil(() -> mimalloc.state().status() == Status.FAILED, "the watchdog ends the hang");
            SessionState s = mimalloc.state();
            // the forced collect loops in the list; a snapshot that walks mimalloc's heap loops there before it
            assertTrue(s.currentLine() == 21 || s.currentLine() == 20, "on the collect or the expect before it: "
                    + s.currentLine() + ": " + s.message());
            assertTrue(s.message().contains("did not answer") && s.message().contains("killed"), s.message());
            assertTrue(s.message().contains("a[3] was freed twice (19:1)") && s.message().contains("the list loops (a cycle)"),
                    s.message());
        }
    }
}
