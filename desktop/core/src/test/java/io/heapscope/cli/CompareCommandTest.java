package io.heapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
        Path json = dir.resolve("cmp.json");
        CliTest.Result r = CliTest.cli("compare", sample.toString(), "--backend", "core,glibc", "--csv",
                csv.toString(), "--json", json.toString(), "--every", "5000", "--no-progress");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("column"), r.out());
        String[] core = lines.get(1).trim().split(" {2,}");
        String[] glibc = lines.get(2).trim().split(" {2,}");
        assertEquals("core", core[0], r.out());
        assertEquals("glibc", glibc[0], r.out());
        assertEquals("4", core[7], "the core holds all four expects: " + r.out());
        assertEquals("0", core[8], r.out());
        assertTrue(glibc[3].endsWith("KiB") && !core[3].equals("n/a"),
                "in_use: the live blocks at glibc's usable sizes: " + r.out());
        assertTrue(glibc[4].endsWith("MiB"), "held_free from malloc_info: " + r.out());
        assertEquals("n/a", glibc[5], "glibc has no pages: " + r.out());
        assertEquals("3", glibc[7], "in_use, and the two about glibc: " + r.out());
        assertEquals("0", glibc[9], "the pages expects are about core and mimalloc: " + r.out());
        assertEquals(4, lines.stream().filter(l -> l.matches("core: .*:\\d+:1: PASSED: .*")).count(), r.out());
        assertEquals(3, lines.stream().filter(l -> l.matches("glibc: .*:\\d+:1: PASSED: .*")).count(), r.out());
        assertTrue(r.out().contains("glibc: " + sample + ":47:1: PASSED: held_free >= 8 MiB"), r.out());

        List<String> rows = Files.readAllLines(csv);
        assertTrue(rows.getFirst().startsWith("column,step,ops,clock_ns,rss"), rows.getFirst());
        assertTrue(rows.getFirst().endsWith(",held_free,partial_pages"), rows.getFirst());
        long coreRows = rows.stream().filter(l -> l.startsWith("core,")).count();
        long glibcRows = rows.stream().filter(l -> l.startsWith("glibc,")).count();
        assertTrue(coreRows >= 10, "about one row per 5,000 steps: " + coreRows);
        assertEquals(coreRows, glibcRows, "both columns sampled at the same steps");
        assertEquals(1 + coreRows + glibcRows, rows.size());

        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertEquals("heapscope-compare", doc.get("format").asText());
        JsonNode g = doc.get("columns").get(1);
        assertEquals("glibc", g.get("label").asText());
        assertEquals("malloc_info", g.get("classes").get("source").asText());
        assertEquals(coreRows, g.get("series").size());
        assertEquals(3, g.get("expects").size());
        assertTrue(doc.get("columns").get(0).get("classes").isNull(), "the core has no size-class table");
    }

    @Test
    void oneBackendTwiceWithSettingsUnderLabels() {
        Path sample = SamplesCheckTest.samples().resolve("fragmentation-requests.scenario");
        CliTest.Result r = CliTest.cli("compare", sample.toString(), "--backend", "eager=core,lazy=core",
                "--set", "eager:purge_delay=0,lazy:purge_delay=1s", "--step", "4000", "--no-progress");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("eager: core with purge_delay=0") && r.out().contains("lazy: core with purge_delay=1 s"),
                r.out());
        CliTest.Result system = CliTest.cli("compare", sample.toString(), "--backend", "core,glibc",
                "--set", "glibc:purge_delay=0");
        assertEquals(2, system.status());
        assertTrue(system.err().contains("has no options"), system.err());
        CliTest.Result bad = CliTest.cli("compare", sample.toString(), "--backend", "core", "--set", "core:purge_delay=fast");
        assertEquals(2, bad.status(), bad.err());
        assertTrue(bad.err().contains("--set 'core:purge_delay=fast'"), bad.err());
    }

    @Test
    void badColumnListsAreUsageErrors() {
        Path sample = SamplesCheckTest.samples().resolve("fragmentation-requests.scenario");
        CliTest.Result unknown = CliTest.cli("compare", sample.toString(), "--backend", "core,hoard");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("unknown backend 'hoard'"), unknown.err());
        CliTest.Result twice = CliTest.cli("compare", sample.toString(), "--backend", "core,core");
        assertEquals(2, twice.status());
        assertTrue(twice.err().contains("label them: --backend a=core,b=core"), twice.err());
        assertEquals(2, CliTest.cli("compare", sample.toString()).status(), "--backend is needed");
    }
}
