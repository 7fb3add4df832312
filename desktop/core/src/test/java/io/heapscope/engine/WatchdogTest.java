package io.heapscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.agent.AgentClient;
import io.heapscope.agent.AgentOptions;
import io.heapscope.scenario.op.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A hung agent (the agent's stall hook: it never finishes its N-th op, as an allocator that loops
 * would) ends the command within the watchdog's bound with the statement that hung, a fresh
 * agent in place before that statement, and a run that can be stepped back and run again.
 */
class WatchdogTest {

    /** Inside the refresher's loop of the shipped sample, far into one batch of a headless run. */
    private static final long STALL_AT = 20_001;

    static Program cigarette() throws IOException {
        Path file = Path.of("../../samples/cigarette.scenario");
        return Scenarios.compile(Files.readString(file));
    }

    @Test
    void aHangIsPinnedToItsStatementAndTheRunGoesOnOnAFreshAgent() throws IOException {
        Program program = cigarette();
        AgentOptions stalling = AgentOptions.core().withTimeout(Duration.ofMillis(1500))
                .withEnvironment("HEAPSCOPE_AGENT_STALL_AT_OP", Long.toString(STALL_AT));
        List<AgentClient> started = new ArrayList<>();
        EngineConfig config = new EngineConfig(() -> {
            AgentClient c = AgentClient.start(stalling);
            started.add(c);
            return c;
        }, EngineConfig.METRICS, SamplePolicy.STOPS_ONLY, false, Runnable::run, false, p -> { });
        long culprit;
        try (Engine engine = new Engine(program, config)) {
            long t0 = System.nanoTime();
            StepOutcome hung = engine.run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(StopReason.FAILED, hung.reason(), hung.detail());
            assertTrue(seconds < 30, "the run ended near the watchdog's bounds, in " + seconds + " s");
            culprit = hung.position().step();
            String where = hung.position().next().orElseThrow().span().position();
            assertTrue(hung.detail().startsWith(where + ": step " + culprit + ": running this statement"),
                    hung.detail());
            assertTrue(hung.detail().contains("did not answer within 1.5 s, so the watchdog killed it"), hung.detail());
            assertTrue(hung.detail().contains("before the statement"), hung.detail());
            assertTrue(where.startsWith("test.scenario:23:"), "the refresher's loop body: " + where);
            assertFalse(started.getFirst().isAlive(), "the hung agent was killed");
            assertTrue(started.getLast().isAlive(), "a fresh agent took over");
            assertTrue(engine.snapshot().opSerial() < STALL_AT, "the fresh agent stands before the op that stalls");

            StepOutcome back = engine.stepBack();
            assertEquals(StopReason.DONE, back.reason(), back.detail());
            assertEquals(culprit - 1, back.position().step());
            StepOutcome again = engine.step();
            assertEquals(StopReason.DONE, again.reason(), "the step before the hang runs: " + again.detail());
            StepOutcome hangsAgain = engine.step();
            assertEquals(StopReason.FAILED, hangsAgain.reason(), "the same statement hangs the agent again");
            assertEquals(culprit, hangsAgain.position().step());
        }
        try (Engine plain = new Engine(program, Scenarios.headless())) {
            plain.goToStep(culprit);
            assertTrue(plain.snapshot().opSerial() < STALL_AT, "before the statement the agent had not reached the op");
            plain.step();
            assertTrue(plain.snapshot().opSerial() >= STALL_AT, "the statement runs the op that stalls");
        }
    }
}
