package io.heapscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.CompileResult;
import io.heapscope.scenario.ScenarioCompiler;
import io.heapscope.scenario.op.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run's event log, on the shipped cross-thread-delayed-free sample: every event once, each with its step. */
class EventLogTest {

    private static Program sample() throws IOException {
        String dir = System.getProperty("heapscope.samples.dir");
        Path file = (dir != null ? Path.of(dir) : Path.of("../../samples")).resolve("cross-thread-delayed-free.scenario");
        CompileResult r = ScenarioCompiler.compile(file.getFileName().toString(), Files.readString(file));
        return r.program().orElseThrow(() -> new AssertionError(r.diagnostics().toString()));
    }

    /** An event without its addresses and serial numbers, which differ between agent processes. */
    private static List<String> shape(List<LoggedEvent> log) {
        return log.stream().map(e -> e.step() + " " + e.event().kind() + " t" + e.event().thread() + " "
                + e.event().size() + " " + e.event().count()).toList();
    }

    @Test
    void aRunLogsEveryEventWithTheStepThatCausedIt() throws IOException {
        try (Engine e = new Engine(sample(), Scenarios.headless())) {
            e.run();
            List<LoggedEvent> log = e.eventLog();
            assertEquals(e.eventCount(), log.size(), "every event the agent reported, once");
            assertTrue(log.stream().anyMatch(l -> l.event().kind().equals("DELAYED_NOTIFY")), "the sample's story");
            for (int i = 1; i < log.size(); i++) {
                assertTrue(log.get(i - 1).step() <= log.get(i).step(), "in the order they happened: " + i);
            }
            LoggedEvent notify = log.stream().filter(l -> l.event().kind().equals("DELAYED_NOTIFY")).findFirst()
                    .orElseThrow();
            assertTrue(notify.step() > 512, "caused by the worker's frees, after main's 513 mallocs: " + notify.step());
        }
    }

    @Test
    void steppingBackAndForwardAgainLogsNothingTwice() throws IOException {
        List<String> straight;
        try (Engine e = new Engine(sample(), Scenarios.headless())) {
            e.run();
            straight = shape(e.eventLog());
        }
        try (Engine e = new Engine(sample(), Scenarios.headless())) {
            e.goToStep(700);
            int at700 = e.eventLog().size();
            for (int i = 0; i < 4; i++) {
                e.stepBack();
            }
            assertEquals(696, e.position().step());
            assertEquals(at700, e.eventLog().size(), "going back keeps the later events (a run is deterministic)");
            for (int i = 0; i < 10; i++) {
                e.step();
            }
            e.goToStep(100);
            e.run();
            assertEquals(straight, shape(e.eventLog()));
        }
    }
}
