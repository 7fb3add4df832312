package io.heapscope.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.agent.AgentOptions;
import io.heapscope.engine.EngineConfig;
import io.heapscope.model.BlockState;
import io.heapscope.scenario.source.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker against real runs of the shipped free-list-sharding sample. */
class LessonCheckerTest {

    static final EngineConfig CORE = EngineConfig.headless(AgentOptions.core());

    static Path samples() {
        String dir = System.getProperty("heapscope.samples.dir");
        return (dir != null ? Path.of(dir) : Path.of("../../samples")).toAbsolutePath().normalize();
    }

    @TempDir
    Path dir;

    private String lesson(String stops) {
        return "heapscope lesson 1\ntitle Sharding\nscenario " + samples().resolve("free-list-sharding.scenario")
                + "\n" + stops;
    }

    private LessonChecker.Report check(String stops) throws IOException {
        Path file = dir.resolve("t.lesson");
        Files.writeString(file, lesson(stops));
        return LessonChecker.check(file, CORE);
    }

    private List<String> errors(String stops) throws IOException {
        LessonChecker.Report r = check(stops);
        assertFalse(r.ok(), "the lesson should not hold");
        return r.problems().stream().filter(Diagnostic::isError)
                .map(d -> d.toString().replace(dir.resolve("t.lesson").toString(), "t.lesson")).toList();
    }

    @Test
    void resolvesStopsHighlightsAndAnswersOnTheRun() throws IOException {
        LessonChecker.Report r = check("""
                stop First block
                at line 13
                show page first
                show block first
                show list free first
                ? How many blocks are on the page's free list?
                answer blocks(free) = 3
                stop Owner frees
                at line 21
                show list local_free a[0]
                show timeline 2..end
                ? Where did main's own frees go?
                - free
                + local_free
                - thread_free
                because blocks(local_free) == 10
                stop Remote frees
                at line 32
                show thread other
                show list thread_free a[10]
                """);
        assertEquals(List.of(), r.problems());
        assertTrue(r.ok());
        assertEquals(3, r.reached().size());
        StopPlace first = r.reached().get(0);
        assertEquals(3, first.step(), "three steps ran: the malloc of line 9 and the two expects after it");
        Target.OfBlock block = assertInstanceOf(Target.OfBlock.class, first.targets().get(1));
        assertEquals(0, block.index(), "the first block of a fresh page");
        Target.OfList free = assertInstanceOf(Target.OfList.class, first.targets().get(2));
        assertEquals(BlockState.FREE, free.list());
        assertEquals(3, free.length());
        assertEquals(3.0, first.answer().orElseThrow());
        Target.OfTimeline range = assertInstanceOf(Target.OfTimeline.class, r.reached().get(1).targets().get(1));
        assertEquals(2, range.from());
        assertEquals(9, assertInstanceOf(Target.OfList.class, r.reached().get(2).targets().get(1)).length(),
                "the page was full: the first of the ten remote frees went to main's delayed list, nine to thread_free");
    }

    @Test
    void wrongAnswersAndFalseProofsAreCaught() throws IOException {
        assertEquals(List.of("t.lesson:7:8: error: the lesson says 4 but the run gives 3"), errors("""
                stop First block
                at line 13
                ? How many?
                answer blocks(free) = 4
                """));
        assertEquals(List.of("t.lesson:9:9: error: this does not hold at the stop (0 >= 1): the run does not bear"
                + " the right choice out"), errors("""
                stop Owner frees
                at line 21
                ? Where?
                + thread_free
                - local_free
                because blocks(thread_free) >= 1
                """));
    }

    @Test
    void unreachableStopsAndMissingThingsAreCaught() throws IOException {
        assertEquals(List.of(
                "t.lesson:5:4: error: no statement of line 99 of the scenario runs after the previous stop",
                "t.lesson:7:4: error: the scenario has no 'mark loaded'",
                "t.lesson:10:6: error: b1 has not been allocated by this stop",
                "t.lesson:11:6: error: the thread_free list of first's page is empty at this stop",
                "t.lesson:12:6: error: the scenario has no thread 'refresher'; it declares main, other",
                "t.lesson:14:4: error: this stop stands at step 0, before the previous stop (step 3); a lesson goes forward",
                "t.lesson:16:4: error: the run ends after 0 page_full event(s) since the previous stop, not 1"), errors("""
                stop Nowhere
                at line 99
                stop No mark
                at mark loaded
                stop Too early
                at line 13
                show block b1
                show list thread_free first
                show thread refresher
                stop Backwards
                at start
                stop Never full
                at event page_full
                """));
    }

    @Test
    void aBrokenExpressionIsReportedWhereTheLessonWroteIt() throws IOException {
        LessonChecker.Report r = check("""
                stop First
                at line 13
                ? How many?
                answer blocks(fre) + 1 = 4
                """);
        assertFalse(r.ok());
        Diagnostic d = r.problems().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
        assertEquals(7, d.span().line());
        assertEquals(15, d.span().column(), d.toString());
        assertTrue(d.message().contains("fre"), d.message());
    }
}
