package io.heapscope.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.heapscope.agent.AgentBinaries;
import io.heapscope.app.StepPicture;
import io.heapscope.app.session.SessionState.Status;
import io.heapscope.engine.BreakEvent;
import io.heapscope.engine.ExpectResult;
import io.heapscope.engine.Progress;
import io.heapscope.model.BlockState;
import io.heapscope.ui.pageinspector.PageBlocks;
import io.heapscope.ui.threads.ThreadRow;

/** The window's session on the real engine and agent, without a stage. */
class EngineSessionTest {

    static final String TEXT = """
            thread main, other
            main: for i in 0..64 {
              a[i] = malloc 300 B
            }
            main: park
            other: free a[0..32]
            expect pending(main) == 32 * 320 B "other's frees wait on main's pages"
            expect pending(main) == 0 "this one fails"
            main: wake
            main: collect
            """;

    private final List<StepPicture> pictures = new CopyOnWriteArrayList<>();
    private final List<Progress> progress = new CopyOnWriteArrayList<>();
    private EngineSession session;

    @BeforeAll
    static void agentIsBuilt() {
        try {
            AgentBinaries.agent();
        } catch (IllegalStateException e) {
            throw new AssertionError("these tests need the native agent (cmake --build native/build): "
                    + e.getMessage(), e);
        }
    }

    @BeforeEach
    void start() {
        session = EngineSession.create();
        session.subscribePictures(pictures::add);
        session.subscribeProgress(progress::add);
        session.load("test.scenario", TEXT);
        waitUntil(() -> state().status() == Status.PAUSED, "loaded");
    }

    @AfterEach
    void stop() {
        session.close();
    }

    @Test
    void stepsAndShowsEveryStepsPicture() {
        session.step();
        waitUntil(() -> state().step() == 1 && !state().busy(), "one step");
        assertEquals(3, state().currentLine(), "the loop body is about to run again");
        waitUntil(() -> last().step() == 1, "the picture of step 1");
        assertTrue(last().core());
        assertFalse(last().space().segments().isEmpty());
    }

    @Test
    void crossThreadFreesWaitOnTheOwnersPagesWithTheirRealListOrder() throws Exception {
        session.runToLine(7);
        waitUntil(() -> state().currentLine() == 7 && !state().busy(), "at the first expect");
        StepPicture p = last();
        ThreadRow main = p.threads().stream().filter(t -> t.name().equals("main")).findFirst().orElseThrow();
        assertEquals(32, main.pendingBlocks());
        assertEquals(32 * 320, main.pendingBytes());
        PageBlocks page = pageWithThreadFree(p);
        assertEquals(32, page.counts().pendingRemote(), "the first remote free notifies (delayed), the rest wait on thread_free");
        int[] order = session.freeList(page.address(), BlockState.THREAD_FREE, 1000).get(10, TimeUnit.SECONDS);
        assertEquals(page.counts().threadFree(), order.length);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < order.length; i++) {
            assertEquals(io.heapscope.ui.pageinspector.BlockState.THREAD_FREE, page.state(sorted[i]));
        }
        assertEquals(31, order[0], "thread_free is a stack: the last block freed is its head");
    }

    @Test
    void runsToALineBreakpointAndMarksTheStepOnTheTimeline() {
        session.setBreakpoints(Set.of(6));
        session.runOrContinue();
        waitUntil(() -> state().currentLine() == 6 && !state().busy(), "at the breakpoint");
        assertTrue(state().message().contains("breakpoint on line 6"), state().message());
        waitUntil(() -> last().breakpointSteps().contains(state().step()), "a marker at the breakpoint");
    }

    @Test
    void stopsAfterAPageFullEvent() {
        session.load("full.scenario", """
                thread main
                main: for i in 0..200 {
                  a[i] = malloc 1 KiB
                }
                """);
        waitUntil(() -> state().status() == Status.PAUSED && last().step() == 0, "loaded");
        session.setEventBreakpoints(Set.of(BreakEvent.PAGE_FULL));
        session.runOrContinue();
        waitUntil(() -> state().step() > 0 && !state().busy(), "stopped");
        assertEquals(Status.PAUSED, state().status());
        assertTrue(state().message().contains("PAGE_FULL"), state().message());
        // the picture of the stop is published after the state: wait for it, do not race it
        waitUntil(() -> last().events().stream().anyMatch(e -> e.kind().contains("PAGE_FULL")
                || e.explanation().toLowerCase().contains("full")), "the stop's picture shows the PAGE_FULL event");
    }

    @Test
    void stepsBackByReplaying() {
        session.step();
        session.step();
        session.step();
        waitUntil(() -> state().step() == 3 && !state().busy(), "three steps");
        session.stepBack();
        waitUntil(() -> state().step() == 2 && !state().busy(), "back to step 2");
        waitUntil(() -> last().step() == 2, "the picture of step 2");
    }

    @Test
    void expectResultsReachThePictureAndAFailureStopsTheRun() {
        session.runOrContinue();
        waitUntil(() -> !state().busy() && last().expects().size() == 2, "both expects checked");
        List<ExpectResult> expects = last().expects();
        assertEquals(ExpectResult.Outcome.PASSED, expects.get(0).outcome());
        assertEquals(ExpectResult.Outcome.FAILED, expects.get(1).outcome());
        assertEquals(8, expects.get(1).span().line());
        assertTrue(state().message().contains("this one fails"), state().message());
        waitUntil(() -> last().breakpointSteps().contains(state().step()), "a failed expect is marked");
    }

    @Test
    void editedTextRunsOnResetAndABrokenTextReloadsOnceFixed() {
        session.textChanged("test.scenario", TEXT + "main: b = malloc 1 KiB\n");
        waitUntil(() -> state().message().contains("Run or Save runs the new text"), "stale text noted");
        session.textChanged("test.scenario", "thread main\nmain: free nobody\n");
        session.reset();
        waitUntil(() -> state().status() == Status.INVALID, "the broken text is loaded and refused");
        session.textChanged("test.scenario", "thread main\nmain: x = malloc 8 B\n");
        waitUntil(() -> state().status() == Status.PAUSED, "fixed text loads by itself");
        session.step();
        waitUntil(() -> state().status() == Status.FINISHED, "runs");
    }

    @Test
    void systemBackendsHaveNoPagesAndSaySo() {
        assertEquals("core", session.backends().getFirst());
        assertTrue(session.backends().contains("glibc"), session.backends().toString());
        session.setBackend("glibc");
        waitUntil(() -> state().backend().equals("glibc") && state().status() == Status.PAUSED, "reloaded on glibc");
        waitUntil(() -> !last().core(), "a system picture");
        assertTrue(last().allocator().toLowerCase().contains("glibc"), last().allocator());
        session.runOrContinue();
        waitUntil(() -> !state().busy() && state().step() > 0, "ran on glibc");
    }

    @Test
    void pacedRunsStopOnBreakpointsToo() {
        session.setSpeed(500);
        session.setBreakpoints(Set.of(6));
        session.runOrContinue();
        waitUntil(() -> state().currentLine() == 6 && state().status() == Status.PAUSED, "paced run stopped");
        assertTrue(last().breakpointSteps().contains(state().step()));
    }

    @Test
    void aPacedRunStopsOnceBeforeALoopWhoseFirstLineHasABreakpoint() {
        session.load("loop.scenario", """
                thread main
                main: a = malloc 64 B
                main: for i in 0..8 {
                  b[i] = malloc 64 B
                }
                main: free a
                """);
        waitUntil(() -> state().status() == Status.PAUSED && state().step() == 0, "loaded");
        session.setSpeed(500);
        session.setBreakpoints(Set.of(3));
        session.runOrContinue();
        waitUntil(() -> state().status() == Status.PAUSED && state().step() == 1, "stopped before the loop");
        assertEquals(4, state().currentLine(), "the loop's first statement is next");
        session.runOrContinue();
        waitUntil(() -> !state().busy() && state().step() == 10, "not again inside the loop: ran to the end");
    }

    private SessionState state() {
        return session.state();
    }

    private StepPicture last() {
        return pictures.isEmpty() ? StepPicture.empty() : pictures.getLast();
    }

    private static PageBlocks pageWithThreadFree(StepPicture p) {
        Supplier<AssertionError> none = () -> new AssertionError("no page with thread_free blocks");
        return p.space().segments().stream().flatMap(s -> java.util.stream.IntStream.range(0, s.sliceCount())
                        .mapToObj(i -> p.pages().apply(s.address() + i * p.space().sliceSize())))
                .flatMap(java.util.Optional::stream).filter(b -> b.counts().threadFree() > 0).findFirst()
                .orElseThrow(none);
    }

    static void waitUntil(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not reached in 20 s: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
