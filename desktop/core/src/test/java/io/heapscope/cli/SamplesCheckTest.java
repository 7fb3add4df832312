package io.heapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** CI's check of the samples: {@code heapscope check samples/} on the core passes. */
class SamplesCheckTest {

    static Path samples() {
        String dir = System.getProperty("heapscope.samples.dir");
        return dir != null ? Path.of(dir) : Path.of("../../samples");
    }

    @Test
    void everySampleChecksItselfOnTheCore() throws IOException {
        long count;
        try (Stream<Path> files = Files.list(samples())) {
            count = files.filter(f -> f.toString().endsWith(".scenario")).count();
        }
        assertTrue(count >= 14, "the samples are there: " + count);
        CliTest.Result r = CliTest.cli("check", samples().toString(), "--no-progress");
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains(count + " of " + count + " scenario(s) passed"), r.out());
    }

    @Test
    void checkRunsEveryShippedLessonAndSaysWhereOneBreaks(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path lessons = samples().resolve("lessons");
        long count;
        try (Stream<Path> files = Files.list(lessons)) {
            count = files.filter(f -> f.toString().endsWith(".lesson")).count();
        }
        CliTest.Result r = CliTest.cli("check", lessons.toString(), "--no-progress");
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains(count + " of " + count + " lesson(s) passed"), r.out());

        Path broken = dir.resolve("broken.lesson");
        Files.writeString(broken, "heapscope lesson 1\ntitle t\nscenario "
                + samples().resolve("cigarette.scenario").toAbsolutePath() + "\nstop s\nat mark unloaded\n");
        CliTest.Result bad = CliTest.cli("check", broken.toString(), "--no-progress");
        assertEquals(1, bad.status(), bad.out());
        assertTrue(bad.out().contains(broken + ":5:4: error: the scenario has no 'mark unloaded'"), bad.out());
    }
}
