package io.heapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.heapscope.compare.SnapshotDiff;
import io.heapscope.export.SnapshotJson;
import io.heapscope.model.BlockState;
import io.heapscope.model.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heapscope diff} on snapshots of the shipped fragmentation sample: after the four threads
 * allocated document 0 (step 8194) and after they freed its parse nodes (step 8198), and at the end.
 */
class DiffCommandTest {

    @TempDir
    static Path dir;
    static Path allocated;
    static Path freed;
    static Path end;

    static Path sample() {
        return SamplesCheckTest.samples().resolve("fragmentation-requests.scenario");
    }

    static Path export(String name, String... step) {
        Path out = dir.resolve(name);
        String[] args = step.length == 0
                ? new String[] {"export", sample().toString(), "--json", out.toString(), "--no-progress"}
                : new String[] {"export", sample().toString(), "--step", step[0], "--json", out.toString(),
                                "--no-progress"};
        CliTest.Result r = CliTest.cli(args);
        assertEquals(0, r.status(), r.err());
        return out;
    }

    @BeforeAll
    static void snapshots() {
        allocated = export("allocated.json", "8194");
        freed = export("freed.json", "8198");
        end = export("end.json");
    }

    @Test
    void freeingTheParseNodesChangesBlockStatesOnTheSamePages() throws Exception {
        Snapshot before = SnapshotJson.read(allocated).snapshot();
        SnapshotDiff d = SnapshotDiff.of(before, SnapshotJson.read(freed).snapshot());
        assertTrue(d.pagesAdded().isEmpty(), "frees add no page");
        assertTrue(d.blocksCompared());
        int freedBlocks = d.blockChanges().stream().filter(t -> t.from() == BlockState.IN_USE)
                .mapToInt(SnapshotDiff.Transition::count).sum();
        int onRemovedPages = d.pagesRemoved().stream().mapToInt(a -> before.page(a).orElseThrow().used()).sum();
        assertEquals(4 * 2040, freedBlocks + onRemovedPages, "4 threads freed 2,040 nodes each: " + d.blockChanges());
        assertTrue(d.blockChanges().stream().allMatch(t -> t.from() == BlockState.IN_USE), d.blockChanges().toString());
        assertEquals(1, d.sizeClasses().size(), d.sizeClasses().toString());
        SnapshotDiff.SizeClass c = d.sizeClasses().getFirst();
        assertEquals(256, c.blockSize());
        assertEquals(4 * 2048, c.usedBefore(), "4 x (2,040 parse nodes + 8 kept)");
        assertEquals(4 * 8, c.usedAfter(), "only the kept nodes");
        assertEquals(c.pagesBefore() - c.pagesAfter(), d.pagesRemoved().size(),
                "pages that held only parse nodes went (purge_delay = 0)");
        assertEquals(c.pagesAfter(), d.pagesChanged().size(), "every page left lost blocks");
        assertTrue(d.pagesChanged().stream().allMatch(p -> p.fields().stream().anyMatch(f -> f.name().equals("used"))));
    }

    @Test
    void theTextNamesEveryChangeAndASnapshotDiffedWithItselfHasNone() {
        CliTest.Result same = CliTest.cli("diff", end.toString(), end.toString());
        assertEquals(0, same.status(), same.err());
        assertTrue(same.out().contains("no structural change"), same.out());
        assertTrue(same.out().contains("pages: 0 added, 0 removed, 0 changed"), same.out());

        CliTest.Result r = CliTest.cli("diff", allocated.toString(), freed.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("step 8194") && r.out().contains("step 8198"), r.out());
        assertTrue(r.out().contains("pages: 0 added, "), r.out());
        assertTrue(r.out().contains("used 8192 -> 32 (-8160)"), r.out());
        assertFalse(r.out().contains("no structural change"), r.out());
    }

    @Test
    void theJsonListsPagesAddedOverTheWholeRunAndTheLiveNodesPerSizeClass() throws Exception {
        Path out = dir.resolve("diff.json");
        CliTest.Result r = CliTest.cli("diff", allocated.toString(), end.toString(), "--json", out.toString());
        assertEquals(0, r.status(), r.err());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(out));
        assertEquals("heapscope-diff", doc.get("format").asText());
        assertEquals(8194, doc.at("/before/step").asLong());
        long kept = 0;
        for (JsonNode c : doc.at("/diff/sizeClasses")) {
            long size = c.get("blockSize").asLong();
            assertTrue(size >= 256 && size <= 1792, "a document's node size: " + size);
            kept += c.get("usedAfter").asLong();
        }
        assertEquals(4 * 12 * 8, kept, "the 384 cached nodes are all that is used at the end");
        assertTrue(doc.at("/diff/pagesAdded").size() > 0, "later documents took new pages");
    }

    @Test
    void aBadFileSaysWhichAndExitsWithFive() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"heapscope-snapshot\", \"version\": 1, \"scenario\": 3}");
        CliTest.Result r = CliTest.cli("diff", end.toString(), bad.toString());
        assertEquals(5, r.status());
        assertTrue(r.err().contains("bad.json: $"), r.err());
        assertEquals(2, CliTest.cli("diff", end.toString()).status(), "two files needed");
    }
}
