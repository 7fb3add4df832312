package io.heapscope.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the recorder writes reads back as the same lesson, and holds on the shipped sample. */
class LessonWriterTest {

    @Test
    void aRecordedLessonReadsBackAndChecks(@TempDir Path dir) throws Exception {
        Path scenario = LessonCheckerTest.samples().resolve("free-list-sharding.scenario");
        String text = LessonWriter.write("My walk\nthrough", scenario.toString(), List.of(
                new LessonWriter.Recorded("Start", 0, List.of(), "Nothing ran yet."),
                new LessonWriter.Recorded("After the first malloc", 1, List.of("page first", "thread main"),
                        "One **block**.\n\nAnd a page.")));
        Path file = dir.resolve("walk.lesson");
        Files.writeString(file, text);
        LessonParser.Result r = LessonParser.parse(file, text);
        assertEquals(List.of(), r.diagnostics());
        Lesson lesson = r.lesson().orElseThrow();
        assertEquals("My walk through", lesson.title());
        assertEquals(new At.Step(1, lesson.stops().get(1).at().span()), lesson.stops().get(1).at());
        assertEquals("One **block**.\n\nAnd a page.", lesson.stops().get(1).narration());
        assertEquals(List.of("page first", "thread main"),
                lesson.stops().get(1).highlights().stream().map(Object::toString).toList());
        LessonChecker.Report report = LessonChecker.check(file, LessonCheckerTest.CORE);
        assertEquals(List.of(), report.problems());
        assertEquals(2, report.reached().size());
    }
}
