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
}
