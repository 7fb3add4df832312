package io.heapscope.ui.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import io.heapscope.ui.problems.ProblemsView;

class SampleCatalogTest {

    @Test
    void listsScenarioFilesWithTheirFirstCommentAsTitle(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("b-cigarette.scenario"), "\n# Mimalloc Cigarette, scaled down.\nthread main\n");
        Files.writeString(dir.resolve("a.scenario"), "thread main\n");
        Files.writeString(dir.resolve("notes.txt"), "# not a scenario");
        List<SampleCatalog.Sample> samples = SampleCatalog.list(dir);
        assertEquals(List.of("a.scenario", "b-cigarette.scenario"), samples.stream().map(SampleCatalog.Sample::name).toList());
        assertEquals("Mimalloc Cigarette, scaled down.", samples.get(1).title());
        assertEquals("Mimalloc Cigarette, scaled down.", samples.get(1).label());
        assertEquals("a.scenario", samples.get(0).label(), "without a title the list shows the file name");
        assertTrue(SampleCatalog.list(dir.resolve("missing")).isEmpty());
    }

    @Test
    void listsTheShippedLessonsAfterTheScenariosWithTheirTitles() {
        Path shipped = Path.of(System.getProperty("heapscope.samples.dir", "../../samples"));
        List<SampleCatalog.Sample> samples = SampleCatalog.list(shipped);
        List<SampleCatalog.Sample> lessons = samples.stream().filter(SampleCatalog.Sample::isLesson).toList();
        assertTrue(lessons.size() >= 7, lessons.toString());
        assertTrue(samples.indexOf(lessons.getFirst()) > samples.indexOf(samples.stream()
                .filter(s -> s.name().equals("cigarette.scenario")).findFirst().orElseThrow()), "scenarios first");
        SampleCatalog.Sample design = lessons.stream().filter(s -> s.name().equals("mimalloc-design.lesson"))
                .findFirst().orElseThrow();
        assertEquals("Lesson: mimalloc's design in ten stops", design.label());
    }

    @Test
    void problemsSummaryCountsErrorsAndWarnings() {
        SourceSpan s = new SourceSpan("f", 1, 1, 1, 2);
        assertEquals("No problems", ProblemsView.summarise(List.of()));
        assertEquals("1 error", ProblemsView.summarise(List.of(Diagnostic.error(s, "x"))));
        assertEquals("2 errors, 1 warning", ProblemsView.summarise(List.of(Diagnostic.error(s, "x"),
                Diagnostic.error(s, "y"), Diagnostic.warning(s, "z"))));
    }
}
