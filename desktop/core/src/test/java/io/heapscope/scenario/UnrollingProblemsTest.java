package io.heapscope.scenario;

import static io.heapscope.scenario.ScenarioTestSupport.compile;
import static io.heapscope.scenario.ScenarioTestSupport.diagnostics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.op.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Problems that only show once loops are unrolled and the state of the run is followed. */
class UnrollingProblemsTest {

    @Test
    void handleKeyNeverAllocatedNamesTheIteration() {
        CompileResult result = compile("thread main",
                "main: for i in 0..3 { h[i] = malloc 8 }",
                "main: for i in 0..4 { free h[i] }");
        assertFalse(result.ok());
        assertEquals(List.of("t.scenario:3:23: error: h[3] has not been allocated (at i = 3)"),
                result.diagnostics().stream().map(Object::toString).toList());
    }

    @Test
    void indexOutOfRangePointsAtTheIndex() {
        assertEquals(List.of("t.scenario:2:25: error: index -1 of 'h' is out of range"
                        + " (0 to 2147483646) (at i = 0)"),
                diagnostics("thread main", "main: for i in 0..2 { h[i - 1] = malloc 8 }"));
    }

    @Test
    void loopCountComputedFromAVariableMustStayPositive() {
        assertEquals(List.of("t.scenario:2:30: error: a loop count must be a positive whole"
                        + " number, but this one is 0 (at i = 0)"),
                diagnostics("thread main", "main: for i in 0..3 { repeat i { collect } }"));
    }

    @Test
    void aStatementFailingInManyIterationsIsReportedOnce() {
        assertEquals(List.of("t.scenario:3:23: error: x[1] has not been allocated (at i = 0)"
                        + " (and 4 more like it)"),
                diagnostics("thread main", "main: x[0] = malloc 8",
                        "main: for i in 0..5 { free x[i + 1] }"));
    }

    @Test
    void anonymousLoopsAreNamedByIterationAndPosition() {
        assertEquals(List.of("t.scenario:3:46: error: h[1] has not been allocated"
                        + " (at iteration 1 of the loop at 3:1) (and 1 more like it)"),
                diagnostics("thread main", "main: h[0] = malloc 8",
                        "main: repeat 2 { free h[0]; h[0] = malloc 8; free h[1] }")
                        .stream().filter(d -> d.contains("error")).toList());
    }

    @Test
    void callocSizeOverflow() {
        assertEquals(List.of("t.scenario:2:37: error: size overflow: 10000000 x 1099511627776"
                        + " bytes does not fit in 64 bits (at i = 1) (and 1 more like it)"),
                diagnostics("thread main",
                        "main: for i in 1..3 { a[i] = calloc i * 10_000_000 x 1 TiB }"));
    }

    @Test
    void negativeSizeAndBadAlignmentFromLoopValues() {
        assertEquals(List.of(
                "t.scenario:2:37: error: a size cannot be negative; this one is -1 (at i = 0)",
                "t.scenario:3:23: error: an alignment must be a power of two; this one is 3"
                        + " (at i = 3)"),
                diagnostics("thread main", "main: for i in 0..2 { a[i] = malloc i - 1 }",
                        "main: for i in 1..4 { b[i] = malloc 8 align i }"));
    }

    @Test
    void parkedAndExitedThreadsCannotRunStatements() {
        assertEquals(List.of(
                "t.scenario:3:1: error: thread 'main' is parked (at 2:1);"
                        + " add 'main: wake' before this",
                "t.scenario:5:1: error: thread 'worker' has exited (at 4:1)",
                "t.scenario:7:1: error: thread 'worker' has exited (at 4:1)"),
                diagnostics("thread main, worker", "main: park", "main: a = malloc 8",
                        "worker: exit", "worker: collect", "main: exit", "worker: start"));
    }

    @Test
    void startingARunningThreadIsAnError() {
        assertEquals(List.of("t.scenario:3:1: error: thread 'main' is already running"
                        + " (started at 2:1)"),
                diagnostics("thread main", "main: collect", "main: start"));
    }

    @Test
    void pointlessWakeAndParkAreWarningsThatEmitNothing() {
        CompileResult result = compile("thread main", "main: wake", "main: park", "main: park");
        assertEquals(List.of(
                "t.scenario:2:1: warning: thread 'main' is not parked; this 'wake' does nothing",
                "t.scenario:4:1: warning: thread 'main' is already parked (at 3:1);"
                        + " this 'park' does nothing"),
                result.diagnostics().stream().map(Object::toString).toList());
        assertEquals(List.of(Op.ThreadStart.class, Op.ThreadPark.class),
                result.program().orElseThrow().ops().stream().map(Object::getClass).toList());
    }

    @Test
    void doubleFreeTouchAfterFreeAndLeaksAreWarningsAndStillEmitted() {
        CompileResult result = compile("thread main",
                "main: a = malloc 8",
                "main: free a",
                "main: free a",
                "main: touch a",
                "main: b = malloc 8",
                "main: b = malloc 16");
        assertEquals(List.of(
                "t.scenario:4:1: warning: double free of a, which was freed at 3:1"
                        + ": unless secure mode (set secure = 4) catches it, a double free puts the block on its page's free list"
                        + " a second time, linked to itself, so the list loops (a cycle): the allocator would hand the"
                        + " block out twice, or loop for ever walking the list",
                "t.scenario:5:1: warning: touch writes into a, which was freed at 4:1",
                "t.scenario:7:1: warning: b still holds the block allocated at 6:1;"
                        + " that block leaks"),
                result.diagnostics().stream().map(Object::toString).toList());
        assertEquals(2, result.program().orElseThrow().ops().stream()
                .filter(Op.Free.class::isInstance).count());
    }

    @Test
    void destroyingAHeapReleasesItsBlocksButDeletingKeepsThem() {
        assertEquals(List.of("t.scenario:7:1: warning: double free of a, which was freed at 6:1"
                        + ": unless secure mode (set secure = 4) catches it, a double free puts the block on its page's free list"
                        + " a second time, linked to itself, so the list loops (a cycle): the allocator would hand the"
                        + " block out twice, or loop for ever walking the list"),
                diagnostics("thread main",
                        "main: new heap h",
                        "main: use heap h",
                        "main: a = malloc 8",
                        "main: k = malloc 8 in backing",
                        "main: destroy heap h",
                        "main: free a",
                        "main: free k",
                        "main: new heap h",
                        "main: c = malloc 8 in h",
                        "main: delete heap h",
                        "main: free c"));
    }

    @Test
    void heapsBelongToTheirThreadAndDieOnce() {
        assertEquals(List.of(
                "t.scenario:4:1: error: heap 'h' belongs to thread 'main'; only main can"
                        + " allocate from it",
                "t.scenario:5:1: error: heap 'h' already exists (created at 2:1)",
                "t.scenario:7:1: error: heap 'h' was deleted at 6:1",
                "t.scenario:9:18: error: heap 'g' was destroyed at 9:37 (at iteration 2 of the"
                        + " loop at 9:1)",
                "t.scenario:9:37: error: heap 'g' was destroyed at 9:37 (at iteration 2 of the"
                        + " loop at 9:1)"),
                diagnostics("thread main, worker",
                        "main: new heap h",
                        "main: a = malloc 8 in h",
                        "worker: b = malloc 8 in h",
                        "main: new heap h",
                        "main: delete heap h",
                        "main: use heap h",
                        "main: new heap g",
                        "main: repeat 2 { x = malloc 8 in g; destroy heap g }"));
    }

    @Test
    void runawayLoopsHitTheWorkLimit() {
        CompileResult result = ScenarioCompiler.compile(ScenarioTestSupport.parse("thread main",
                "main: repeat 1_000_000_000 { collect }"), 1_000);
        assertFalse(result.ok());
        assertEquals(List.of("t.scenario:2:30: error: the scenario unrolls to more than 1,000"
                        + " operations and loop iterations; make its loops smaller"),
                result.diagnostics().stream().map(Object::toString).toList());
    }

    @Test
    void warningsAloneDoNotStopCompilation() {
        CompileResult result = compile("thread main", "main: a = malloc 8", "main: free a",
                "main: free a");
        assertTrue(result.ok());
        assertEquals(1, result.warnings().size());
        assertEquals(List.of(), result.errors());
    }
}
