package io.heapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heapscope compare} on the shipped fragmentation sample, core against glibc. */
class CompareCommandTest {

    @TempDir
    Path dir;

    @Test
    void oneRowPerColumnAndOneCsvWithAColumnField() throws Exception {
        Path sample = SamplesCheckTest.samples().resolve("fragmentation-requests.scenario");
        Path csv = dir.resolve("cmp.csv");
        CliTest.Result r = CliTest.cli("compare", sample.toString(), "--backend", "core,glibc", "--csv",
                csv.toString(), "--every", "5000", "--no-progress");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("column"), r.out());
        String[] core = lines.get(1).trim().split(" {2,}");
        String[] glibc = lines.get(2).trim().split(" {2,}");
        assertEquals("core", core[0], r.out());
        assertEquals("glibc", glibc[0], r.out());
        assertEquals("4", core[5], "the core holds all four expects: " + r.out());
        assertEquals("0", core[6], r.out());
        assertTrue(glibc[3].endsWith("KiB") && !core[3].equals("n/a"),
                "in_use: the live blocks at glibc's usable sizes: " + r.out());
        assertEquals("n/a", glibc[4], "glibc has no pages: " + r.out());
        assertEquals("2", glibc[7], "two expects need pages: " + r.out());
        assertTrue(r.out().contains("glibc: ") && r.out().contains("UNMEASURABLE"), r.out());

        List<String> rows = Files.readAllLines(csv);
        assertTrue(rows.getFirst().startsWith("column,step,ops,clock_ns,rss"), rows.getFirst());
        long coreRows = rows.stream().filter(l -> l.startsWith("core,")).count();
        long glibcRows = rows.stream().filter(l -> l.startsWith("glibc,")).count();
        assertTrue(coreRows >= 10, "about one row per 5,000 steps: " + coreRows);
        assertEquals(coreRows, glibcRows, "both columns sampled at the same steps");
        assertEquals(1 + coreRows + glibcRows, rows.size());
    }

    @Test
    void badColumnListsAreUsageErrors() {
        Path sample = SamplesCheckTest.samples().resolve("fragmentation-requests.scenario");
        CliTest.Result unknown = CliTest.cli("compare", sample.toString(), "--backend", "core,hoard");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("unknown backend 'hoard'"), unknown.err());
        assertEquals(2, CliTest.cli("compare", sample.toString(), "--backend", "core,core").status());
        assertEquals(2, CliTest.cli("compare", sample.toString()).status(), "--backend is needed");
    }
}
