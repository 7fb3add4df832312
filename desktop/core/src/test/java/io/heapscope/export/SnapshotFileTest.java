package io.heapscope.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.SnapshotOptions;
import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.ScenarioRun;
import io.heapscope.scenario.ScenarioCompiler;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot files that are not what an export writes: truncated, wrong-typed, inconsistent, too
 * large. Each is refused with the file and the JSON path of the problem; every shipped sample's
 * export still reads.
 */
class SnapshotFileTest {

    private static final Path SAMPLES = Path.of(System.getProperty("heapscope.samples.dir", "../../samples"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String exported;

    @TempDir
    Path dir;

    private static SnapshotDocument export(Path sample) throws IOException {
        var program = ScenarioCompiler.compile(sample.toString(), Files.readString(sample)).program().orElseThrow();
        ScenarioRun.Report r = ScenarioRun.run(program,
                EngineConfig.headless(AgentOptions.core()).withSnapshots(SnapshotOptions.ALL), OptionalLong.empty());
        return SnapshotDocument.of(sample.toString(), r.figures().step(), r.allocator(), r.figures(), r.snapshot());
    }

    @BeforeAll
    static void exportTheDoubleFreeSample() throws IOException {
        exported = SnapshotJson.write(export(SAMPLES.resolve("double-free-unchecked.scenario")));
    }

    private SnapshotFileException refused(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return assertThrows(SnapshotFileException.class, () -> SnapshotJson.read(file));
    }

    private SnapshotFileException refusedEdit(String name, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(exported);
        edit.accept(root);
        return refused(name, JSON.writeValueAsString(root));
    }

    private static ObjectNode page0(ObjectNode root) {
        return (ObjectNode) root.get("snapshot").get("pages").get(0);
    }

    @Test
    void aTruncatedFileSaysWhereItEnds() throws IOException {
        SnapshotFileException e = refused("cut.json", exported.substring(0, exported.length() / 2));
        assertEquals("$", e.path());
        assertTrue(e.getMessage().startsWith(dir.resolve("cut.json") + ": $: not JSON at line "), e.getMessage());
        assertTrue(e.getMessage().contains("end-of-input"), e.getMessage());
    }

    @Test
    void aWrongTypedValueIsNamedByItsPath() throws IOException {
        SnapshotFileException e = refusedEdit("typed.json", root -> page0(root).put("used", "many"));
        assertEquals("$.snapshot.pages[0].used", e.path(), e.getMessage());
        SnapshotFileException kind = refusedEdit("kind.json", root -> page0(root).put("kind", "ENORMOUS"));
        assertEquals("$.snapshot.pages[0].kind", kind.path(), kind.getMessage());
    }

    @Test
    void inconsistentFilesAreRefusedAtTheValueThatDoesNotFit() throws IOException {
        assertEquals("$.snapshot.pages[0].segment",
                refusedEdit("segment.json", root -> page0(root).put("segment", 4096)).path());
        SnapshotFileException used = refusedEdit("used.json",
                root -> page0(root).put("used", page0(root).get("reserved").asLong() + 1));
        assertEquals("$.snapshot.pages[0].used", used.path());
        assertTrue(used.getMessage().contains("is more than the"), used.getMessage());
        assertEquals("$.snapshot.pages[0].freeCount",
                refusedEdit("negative.json", root -> page0(root).put("freeCount", -3)).path());
        assertEquals("$.figures.step",
                refusedEdit("step.json", root -> ((ObjectNode) root.get("figures")).put("step", 9999)).path());
        SnapshotFileException runs = refusedEdit("runs.json", root -> {
            ObjectNode run = (ObjectNode) page0(root).get("blocks").get("runs").get(0);
            run.put("length", run.get("length").asLong() + 5);
        });
        assertEquals("$.snapshot.pages[0].blocks.runs", runs.path());
        assertTrue(runs.getMessage().contains("the block runs cover"), runs.getMessage());
    }

    @Test
    void aFiveHundredMegabyteFileIsRefusedUnread() throws IOException {
        Path big = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(500L << 20);   // sparse: no disk, and nothing to read if the size check failed
        }
        long t0 = System.nanoTime();
        SnapshotFileException e = assertThrows(SnapshotFileException.class, () -> SnapshotJson.read(big));
        assertEquals(big + ": $: the file is 500.0 MiB; snapshot files are read up to 256 MiB", e.getMessage());
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "refused by its size, unread");
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() throws IOException {
        Path file = dir.resolve("latin1.json");
        Files.write(file, new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
        SnapshotFileException e = assertThrows(SnapshotFileException.class, () -> SnapshotJson.read(file));
        assertEquals(file + ": $: not UTF-8 text, so not JSON", e.getMessage());
    }

    @Test
    void everySamplesExportReadsBack() throws IOException, SnapshotFileException {
        List<Path> samples;
        try (Stream<Path> s = Files.list(SAMPLES)) {
            samples = s.filter(p -> p.toString().endsWith(".scenario")).sorted().toList();
        }
        assertTrue(samples.size() >= 10, samples.toString());
        for (Path sample : samples) {
            SnapshotDocument doc = export(sample);
            Path file = dir.resolve(sample.getFileName() + ".json");
            SnapshotJson.write(doc, file);
            JsonNode tree = JSON.readTree(Files.readString(file));
            assertEquals(doc, SnapshotJson.read(file), sample + " reads back: " + tree.get("step"));
        }
    }
}
