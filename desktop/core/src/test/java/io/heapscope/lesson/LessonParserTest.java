package io.heapscope.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.engine.BreakEvent;
import io.heapscope.model.BlockState;
import io.heapscope.scenario.op.HandleKey;
import io.heapscope.scenario.source.Diagnostic;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LessonParserTest {

    private static final Path FILE = Path.of("/tmp/lessons/walk.lesson");

    private static final String GOOD = """
            heapscope lesson 1
            # a comment
            title The cigarette, stop by stop
            scenario ../samples/cigarette.scenario

            stop Main has loaded
            at mark loaded
            show thread main
            show page hotel[0]
            show block hotel[17]
            show list free hotel[0]
            show timeline start..loaded
            > Main allocated **8,192** hotels.
            >
            > Each page holds 32 of them.

            stop A cross-thread free
            at line 17 #2
            show segment hotel[0]
            ? Which list does the refresher's free put `hotel[0]` on?
            - free
            - local_free
            + thread_free
            because blocks(thread_free) >= 1
            ! Another thread freed it: it waits on `thread_free`.

            stop Stranded
            at event delayed_free
            ? How many MiB wait on main's pages?
            answer pending(main) / 1 MiB = 16 within 2%
            ! All of them.

            stop The end
            at end
            """;

    @Test
    void readsEveryKindOfLine() {
        LessonParser.Result r = LessonParser.parse(FILE, GOOD);
        assertEquals(List.of(), r.diagnostics());
        Lesson lesson = r.lesson().orElseThrow();
        assertEquals("The cigarette, stop by stop", lesson.title());
        assertEquals(Path.of("/tmp/samples/cigarette.scenario"), lesson.scenario());
        assertEquals(4, lesson.stops().size());
        assertEquals(2, lesson.questions());

        Stop first = lesson.stops().get(0);
        assertEquals("Main has loaded", first.title());
        assertEquals(new At.Mark("loaded", 1, first.at().span()), first.at());
        assertEquals("Main allocated **8,192** hotels.\n\nEach page holds 32 of them.", first.narration());
        assertEquals(List.of("thread main", "page hotel[0]", "block hotel[17]", "list free hotel[0]",
                "timeline start..loaded"), first.highlights().stream().map(Object::toString).toList());
        Highlight.FreeList list = assertInstanceOf(Highlight.FreeList.class, first.highlights().get(3));
        assertEquals(BlockState.FREE, list.list());
        assertEquals(new HandleKey("hotel", 0), list.handle());

        Stop second = lesson.stops().get(1);
        assertEquals(new At.Line(17, 2, second.at().span()), second.at());
        Question.MultipleChoice q = assertInstanceOf(Question.MultipleChoice.class, second.question().orElseThrow());
        assertEquals(List.of("free", "local_free", "thread_free"), q.choices());
        assertTrue(q.isRight(2));
        assertFalse(q.isRight(0));
        assertEquals("blocks(thread_free) >= 1", q.because().text());
        assertEquals(24, q.because().span().line());
        assertEquals(9, q.because().span().column());
        assertEquals("Another thread freed it: it waits on `thread_free`.", q.explanation());

        Stop third = lesson.stops().get(2);
        assertEquals(BreakEvent.DELAYED_FREE, assertInstanceOf(At.Event.class, third.at()).event());
        Question.Numeric n = assertInstanceOf(Question.Numeric.class, third.question().orElseThrow());
        assertEquals("pending(main) / 1 MiB", n.answer().text());
        assertEquals(16, n.stated());
        assertTrue(n.accepts(16.3, 16));
        assertFalse(n.accepts(17, 16));
        assertInstanceOf(At.End.class, lesson.stops().get(3).at());
    }

    @Test
    void exactAnswersAcceptOnlyTheNumber() {
        Question.Numeric n = (Question.Numeric) LessonParser.parse(FILE, GOOD.replace(" within 2%", "")).lesson()
                .orElseThrow().stops().get(2).question().orElseThrow();
        assertTrue(n.accepts(16, 16));
        assertFalse(n.accepts(16.01, 16));
    }

    @Test
    void errorsSayFileLineAndColumn() {
        assertEquals(List.of("/tmp/lessons/walk.lesson:7:4: error: unknown stop position 'marc';"
                        + " expected start, end, step, mark, line or event"),
                errors(GOOD.replace("at mark loaded", "at marc loaded")));
        assertEquals(List.of("/tmp/lessons/walk.lesson:9:11: error: 'hotel[' is not a handle (a name, or a name[index])"),
                errors(GOOD.replace("show page hotel[0]", "show page hotel[")));
        assertEquals(List.of("/tmp/lessons/walk.lesson:11:11: error: unknown free list 'freed';"
                        + " one of free, local_free, thread_free, delayed"),
                errors(GOOD.replace("show list free", "show list freed")));
        assertEquals(List.of("/tmp/lessons/walk.lesson:28:10: error: unknown allocator event 'page_ful'; one of"
                        + " page_full, segment_abandoned, reclaim, purge, delayed_free, double_free"),
                errors(GOOD.replace("event delayed_free", "event page_ful")));
        assertEquals(List.of("/tmp/lessons/walk.lesson:1:18: error: lesson format version 2 is not known;"
                        + " this Heapscope reads version 1"),
                errors(GOOD.replace("heapscope lesson 1", "heapscope lesson 2")));
    }

    @Test
    void reportsEveryBrokenStopInOneReading() {
        List<String> errors = errors(GOOD
                .replace("+ thread_free", "- thread_free")
                .replace("answer pending(main) / 1 MiB = 16 within 2%", "answer pending(main) / 1 MiB")
                .replace("stop The end\nat end", "stop The end"));
        assertEquals(List.of(
                "/tmp/lessons/walk.lesson:20:1: error: no right choice: mark it with '+' instead of '-'",
                "/tmp/lessons/walk.lesson:30:8: error: expected 'answer EXPRESSION = NUMBER' (optionally 'within P%')",
                "/tmp/lessons/walk.lesson:29:1: error: a question needs choices ('+' and '-' lines) or an"
                        + " 'answer EXPRESSION = NUMBER' line",
                "/tmp/lessons/walk.lesson:33:1: error: stop 'The end' does not say where it stands: add 'at start',"
                        + " 'at mark NAME', ..."), errors);
    }

    @Test
    void refusesLinesOutsideTheirPlace() {
        assertEquals(List.of("/tmp/lessons/walk.lesson:1:1: error: a lesson starts with 'heapscope lesson 1'"),
                errors("title x\n"));
        assertEquals(List.of("/tmp/lessons/walk.lesson:2:1: error: '>' lines belong to a stop: start one with 'stop TITLE'"),
                errors("heapscope lesson 1\n> hello\ntitle t\nscenario s\nstop s\nat start\n"));
        assertEquals(List.of("/tmp/lessons/walk.lesson:8:1: error: unknown lesson line 'shwo'; expected title, scenario,"
                        + " stop, at, show, because, answer, or a line starting with > ? - + !"),
                errors(GOOD.replace("show thread main", "shwo thread main")));
        assertEquals(List.of("/tmp/lessons/walk.lesson:8:4: error: this stop already stands at mark loaded (line 7)"),
                errors(GOOD.replace("show thread main", "at start")));
        assertEquals(List.of("/tmp/lessons/walk.lesson:1:1: error: the lesson has no 'scenario' line"),
                errors(GOOD.replace("scenario ../samples/cigarette.scenario", "")));
    }

    private static List<String> errors(String text) {
        LessonParser.Result r = LessonParser.parse(FILE, text);
        assertFalse(r.ok(), "the lesson should not parse");
        return r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString).toList();
    }
}
