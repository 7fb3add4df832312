package io.heapscope.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.SnapshotOptions;
import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.ScenarioRun;
import io.heapscope.scenario.ScenarioCompiler;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An exported snapshot validates against docs/snapshot.schema.json and reads back into equal records. */
class SnapshotJsonTest {

    private static final String SCENARIO = """
            thread main, worker
            main: for i in 0..300 {
              a[i] = malloc 1 KiB
            }
            main: new heap h
            main: x = malloc 100 B in h
            main: big = malloc 40 MiB
            worker: free a[0..100]
            worker: w = malloc 64 B
            worker: exit
            """;

    private static SnapshotDocument document;
    private static JsonSchema schema;

    @BeforeAll
    static void export() throws IOException {
        var program = ScenarioCompiler.compile("export.scenario", SCENARIO).program().orElseThrow();
        ScenarioRun.Report r = ScenarioRun.run(program,
                EngineConfig.headless(AgentOptions.core()).withSnapshots(SnapshotOptions.ALL), OptionalLong.empty());
        document = SnapshotDocument.of("export.scenario", r.figures().step(), r.allocator(), r.figures(), r.snapshot());
        Path schema = Path.of(System.getProperty("heapscope.samples.dir", "../../samples")).resolveSibling("docs")
                .resolve("snapshot.schema.json");
        SnapshotJsonTest.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(new ObjectMapper().readTree(Files.readString(schema)));
    }

    /** Each violation as {@code <instance path>: <message>}. */
    private static List<String> violations(JsonNode tree) {
        return schema.validate(tree).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    @Test
    void theExportValidatesAgainstTheSchema() {
        JsonNode tree = SnapshotJson.tree(document);
        assertTrue(document.snapshot().pages().stream().anyMatch(p -> p.blocks().captured()), "blocks are in it");
        assertTrue(document.snapshot().segments().stream().anyMatch(s -> s.abandoned()), "an abandoned segment");
        assertEquals(List.of(), violations(tree));
    }

    @Test
    void theSchemaCatchesDrift() {
        ObjectNode tree = (ObjectNode) SnapshotJson.tree(document);
        ((ObjectNode) tree.get("snapshot").get("pages").get(0)).put("colour", "red");
        ((ObjectNode) tree.get("figures")).remove("rss");
        List<String> errors = violations(tree);
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("$.figures:") && e.contains("rss")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith("$.snapshot.pages[0]:") && e.contains("colour")),
                errors.toString());
    }

    @Test
    void itReadsBackIntoEqualRecords() throws Exception {
        SnapshotDocument back = SnapshotJson.read("export.json", SnapshotJson.write(document));
        assertEquals(document, back);
        assertEquals(document.snapshot(), back.snapshot());
    }

    @Test
    void aBadFileIsReportedWithTheJsonPathOfTheProblem() {
        ObjectNode tree = (ObjectNode) SnapshotJson.tree(document);
        ((ObjectNode) tree.get("snapshot").get("pages").get(1)).put("kind", "ENORMOUS");
        SnapshotFileException e = assertThrows(SnapshotFileException.class,
                () -> SnapshotJson.read("bad.json", tree.toString()));
        assertEquals("$.snapshot.pages[1].kind", e.path(), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.json: $.snapshot.pages[1].kind: "), e.getMessage());

        ObjectNode missing = (ObjectNode) SnapshotJson.tree(document);
        ((ObjectNode) missing.get("snapshot").get("segments").get(0)).remove("spans");
        assertEquals("$.snapshot.segments[0].spans", assertThrows(SnapshotFileException.class,
                () -> SnapshotJson.read("m.json", missing.toString())).path());

        ObjectNode newer = (ObjectNode) SnapshotJson.tree(document);
        newer.put("version", SnapshotDocument.VERSION + 1);
        assertEquals("$.version", assertThrows(SnapshotFileException.class,
                () -> SnapshotJson.read("v.json", newer.toString())).path());
        SnapshotFileException notJson = assertThrows(SnapshotFileException.class,
                () -> SnapshotJson.read("t.json", "{\"format\": "));
        assertTrue(notJson.getMessage().contains("line 1"), notJson.getMessage());
    }

    @Test
    void theHistoryCsvHasAHeaderAndARowPerFigure() throws IOException {
        StringWriter out = new StringWriter();
        HistoryCsv.write(List.of(document.figures()), out);
        String[] lines = out.toString().split("\n");
        assertEquals(2, lines.length);
        assertEquals("step,ops,clock_ns,rss,reserved,committed,in_use,pending,pages,segments,abandoned_segments,events",
                lines[0]);
        assertFalse(lines[1].contains("-1,-1"), "the core measures every figure: " + lines[1]);
    }
}
