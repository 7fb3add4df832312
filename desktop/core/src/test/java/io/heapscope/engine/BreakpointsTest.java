package io.heapscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BreakpointsTest {

    @Test
    void aLineBreakpointStopsBeforeTheStatementEveryIteration() {
        try (Engine e = Scenarios.engine(Scenarios.SMALL)) {
            e.setBreakpoints(Breakpoints.onLines(4));
            StepOutcome hit = e.run();
            assertEquals(StopReason.LINE_BREAKPOINT, hit.reason());
            assertEquals(4, hit.position().line());
            assertEquals(1, hit.position().step());
            StepOutcome again = e.run();
            assertEquals(StopReason.LINE_BREAKPOINT, again.reason(), "continue stops at the next iteration");
            assertEquals(2, again.position().step());
        }
    }

    @Test
    void aBreakpointOnALoopsFirstLineStopsBeforeTheLoop() {
        try (Engine e = Scenarios.engine(Scenarios.SMALL)) {
            e.setBreakpoints(Breakpoints.onLines(3));
            StepOutcome hit = e.run();
            assertEquals(StopReason.LINE_BREAKPOINT, hit.reason());
            assertEquals(1, hit.position().step());
            assertEquals(StopReason.END, e.run().reason(), "not again inside the loop");
        }
    }

    @Test
    void runToLineStopsThereAndHonoursBreakpointsOnTheWay() {
        try (Engine e = Scenarios.engine(Scenarios.SMALL)) {
            StepOutcome to = e.runToLine(10);
            assertEquals(StopReason.REACHED_LINE, to.reason());
            assertEquals(10, to.position().line());
            assertEquals(1, to.expects().size(), "the expect on line 8 was checked on the way");
        }
        try (Engine e = Scenarios.engine(Scenarios.SMALL)) {
            e.setBreakpoints(Breakpoints.onLines(6));
            assertEquals(StopReason.LINE_BREAKPOINT, e.runToLine(10).reason());
            assertEquals(6, e.position().line());
        }
    }

    @Test
    void anEventBreakpointStopsAfterTheStepThatCausedIt() {
        try (Engine e = Scenarios.engine(Scenarios.SMALL)) {
            e.setBreakpoints(Breakpoints.onEvents(BreakEvent.SEGMENT_ABANDONED));
            StepOutcome hit = e.run();
            assertEquals(StopReason.EVENT_BREAKPOINT, hit.reason());
            assertEquals("SEGMENT_ABANDONED", hit.detail());
            assertEquals(12, hit.position().line(), "stopped right after 'worker: exit' on line 11");
            assertTrue(hit.events().stream().anyMatch(ev -> ev.kind().equals("SEGMENT_ABANDONED")));
        }
    }

    @Test
    void aPauseRequestStopsARun() {
        try (Engine e = Scenarios.engine(Scenarios.SMALL)) {
            e.cancelSignal(() -> true);
            StepOutcome paused = e.run();
            assertEquals(StopReason.PAUSED, paused.reason());
            assertEquals(1, paused.position().step(), "the first step of a command always runs");
        }
    }
}
