package io.heapscope.app.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.heapscope.agent.AgentBinaries;
import io.heapscope.agent.AgentClient;
import io.heapscope.agent.AgentOptions;
import io.heapscope.app.StepPicture;
import io.heapscope.app.session.SessionState.Status;
import io.heapscope.ui.threads.ThreadRow;

/** The stand-in session on the real agent (skipped when native/ is not built). */
class AgentSessionTest {

    private static final String TEXT = """
            thread main, other
            main: for i in 0..64 {
              a[i] = malloc 300 B
            }
            main: park
            other: free a[0..32]
            main: wake
            main: collect
            """;

    private final List<StepPicture> pictures = new CopyOnWriteArrayList<>();
    private AgentSession session;

    @BeforeEach
    void start() {
        boolean built;
        try {
            AgentBinaries.agent();
            built = true;
        } catch (IllegalStateException e) {
            built = false;
        }
        assumeTrue(built, "native agent not built");
        session = new AgentSession(() -> AgentClient.start(AgentOptions.core()));
        session.setPictureSink(pictures::add);
    }

    @AfterEach
    void stop() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void stepsRunsToALineAndStepsBackByReplay() {
        session.load("t.scenario", TEXT);
        waitFor(() -> session.state().status() == Status.PAUSED);
        assertEquals(3, session.state().currentLine(), "the arrow starts on the first statement that runs");

        session.stepOverLoop();
        waitFor(() -> session.state().currentLine() == 5 && session.state().status() == Status.PAUSED);
        assertTrue(session.state().step() >= 64, "one step per iteration: " + session.state().step());

        session.setSpeed(1000);
        session.runToLine(7);
        waitFor(() -> session.state().currentLine() == 7 && session.state().status() == Status.PAUSED);
        StepPicture p = pictures.getLast();
        ThreadRow main = p.threads().get(0);
        assertEquals("parked", main.state());
        assertEquals(32 * 320, main.pendingBytes(), "the other thread's frees wait on main's pages");
        assertTrue(p.space().segments().size() >= 1);

        long before = session.state().step();
        session.stepBack();
        waitFor(() -> session.state().step() == before - 1 && session.state().status() == Status.PAUSED);
        assertEquals(6, session.state().currentLine());

        session.step();
        session.step();
        session.step();
        waitFor(() -> session.state().status() == Status.FINISHED);
        assertEquals(0, pictures.getLast().threads().get(0).pendingBytes(), "main collected them");
    }

    @Test
    void aScenarioWithErrorsIsReportedAsInvalid() {
        session.load("bad.scenario", "thread main\nmain: free nothing\n");
        waitFor(() -> session.state().status() == Status.INVALID);
        assertTrue(session.state().message().contains("bad.scenario:2"), session.state().message());
    }

    private static void waitFor(BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in 20 s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

}
