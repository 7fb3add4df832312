package io.heapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.heapscope.scenario.lang.Dimension;

/** How the command line prints what an expect measured, on the shipped cigarette sample. */
class ExpectFiguresTest {

    private static final Path CIGARETTE = Path.of(System.getProperty("heapscope.samples.dir", "../../samples"))
            .resolve("cigarette.scenario");

    @Test
    void figuresAreReadableWithUnits() {
        assertEquals("6.5 MiB", Dimension.BYTES.readable(6840320));
        assertEquals("16 MiB", Dimension.BYTES.readable(16 << 20));
        assertEquals("33.7 MiB", Dimension.BYTES.readable(3.52935936E7));
        assertEquals("512 B", Dimension.BYTES.readable(512));
        assertEquals("0 B", Dimension.BYTES.readable(0));
        assertEquals("5 s", Dimension.TIME.readable(5e9));
        assertEquals("1.5 ms", Dimension.TIME.readable(1.5e6));
        assertEquals("8192", Dimension.COUNT.readable(8192));
        assertEquals("1.805", Dimension.COUNT.readable(1.8049));
    }

    @Test
    void runPrintsEachExpectsSidesInTheirUnits() {
        CliTest.Result r = CliTest.cli("run", CIGARETTE.toString(), "--no-progress");
        assertEquals(0, r.status(), r.err());
        List<String> expects = r.out().lines().filter(l -> l.contains(": PASSED: ")).toList();
        assertEquals(5, expects.size(), r.out());
        assertTrue(expects.stream().allMatch(l -> l.matches(".*\\(\\S+( \\S*i?B)? vs \\S+( \\S*i?B)?\\).*")), r.out());
        String pending = expects.stream().filter(l -> l.contains("pending(main) >=")).findFirst().orElseThrow();
        assertTrue(pending.matches(".*\\(\\d+(\\.\\d)? MiB vs 16 MiB\\).*"), pending);
        assertFalse(r.out().matches("(?s).*\\d\\.\\d+E\\d.*"), "no exponent notation: " + r.out());
    }

    @Test
    void unmeasurableNamesTheMetricThatCannotBeMeasured() {
        Path reclaim = SamplesCheckTest.samples().resolve("thread-exit-reclaim.scenario");
        CliTest.Result r = CliTest.cli("check", reclaim.toString(), "--backend", "glibc", "--no-progress");
        String abandoned = r.out().lines().filter(l -> l.contains("abandoned_segments == 1")).findFirst().orElseThrow(
                () -> new AssertionError(r.out() + r.err()));
        assertTrue(abandoned.contains("UNMEASURABLE"), abandoned);
        assertTrue(abandoned.contains("(abandoned_segments is measured by the Heapscope core only)"), abandoned);
    }
}
