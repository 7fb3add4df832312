package io.heapscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.op.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineSteppingTest {

    @Test
    void stepRunsOneStatementExecution() {
        try (Engine e = Scenarios.engine(Scenarios.SMALL)) {
            assertEquals(0, e.position().step());
            assertEquals(2, e.position().line(), "the first statement to run is on line 2");
            StepOutcome first = e.step();
            assertEquals(StopReason.DONE, first.reason());
            assertEquals(1, first.position().step());
            assertEquals(4, first.position().line(), "next: the loop body's statement on line 4");
            assertEquals(64, e.metrics().read(io.heapscope.scenario.lang.Metric.IN_USE, java.util.Optional.empty()));
            e.step();
            assertEquals(2, e.position().step(), "one loop iteration is one step");
            assertEquals(1024 + 64, (long) e.metrics().read(io.heapscope.scenario.lang.Metric.IN_USE,
                    java.util.Optional.empty()));
        }
    }

    @Test
    void stepOverRunsTheWholeLoop() {
        try (Engine e = Scenarios.engine(Scenarios.SMALL)) {
            e.step();
            StepOutcome over = e.stepOver();
            assertEquals(StopReason.DONE, over.reason());
            assertEquals(6, over.position().line(), "past the loop: the worker's free");
            assertEquals(41, over.position().step());
        }
    }

    @Test
    void runChecksEveryExpectAndReportsTheEnd() {
        try (Engine e = Scenarios.engine(Scenarios.SMALL)) {
            StepOutcome end = e.run();
            assertEquals(StopReason.END, end.reason());
            assertTrue(end.position().atEnd());
            assertEquals(2, end.expects().size());
            assertTrue(end.expects().stream().noneMatch(ExpectResult::failed), end.expects().toString());
            assertEquals(StopReason.END, e.step().reason(), "nothing left to step");
        }
    }

    @Test
    void aFailingExpectIsReportedWithItsPosition() {
        try (Engine e = Scenarios.engine("thread main\nmain: a = malloc 100 B\nexpect in_use == 1 MiB \"wrong\"\n")) {
            List<ExpectResult> results = e.run().expects();
            assertEquals(1, results.size());
            assertTrue(results.getFirst().failed());
            assertTrue(results.getFirst().toString().startsWith("test.scenario:3:1: FAILED: in_use == 1 MiB ("),
                    results.getFirst().toString());
        }
    }

    @Test
    void eventsOfTheLastStepAreThoseItCaused() {
        try (Engine e = Scenarios.engine("thread main\nmain: a = malloc 100 B\nmain: b = malloc 100 B\n")) {
            StepOutcome first = e.step();
            assertEquals(StopReason.DONE, first.reason());
            assertTrue(first.events().stream().anyMatch(ev -> ev.kind().equals("PAGE_ALLOC")),
                    "the first malloc makes a page: " + first.events());
            StepOutcome second = e.step();
            assertFalse(second.events().stream().anyMatch(ev -> ev.kind().equals("PAGE_ALLOC")),
                    "the second reuses it: " + second.events());
        }
    }

    @Test
    void everyOpOfTheProgramHasAStepThatGrowsByOne() {
        List<Op> ops = Scenarios.compile(Scenarios.SMALL).ops();
        for (int i = 1; i < ops.size(); i++) {
            int d = ops.get(i).step() - ops.get(i - 1).step();
            assertTrue(d == 0 || d == 1, "steps at " + i);
        }
        assertEquals(0, ops.getFirst().step());
    }
}
