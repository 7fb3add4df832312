package io.heapscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.lang.BlockState;
import io.heapscope.scenario.lang.Metric;
import io.heapscope.scenario.lang.PageFilter;
import io.heapscope.scenario.lang.Unit;
import io.heapscope.scenario.syntax.Keywords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/scenario-language.md stays true: it lists the whole vocabulary and its examples compile. */
class DocumentationTest {

    private static final Path DOC = Path.of("../../docs/scenario-language.md");

    private static String doc() throws IOException {
        return Files.readString(DOC);
    }

    /** The fenced blocks without a language tag: the scenario examples. */
    private static List<String> examples(String doc) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        boolean untagged = false;
        for (String line : doc.split("\n", -1)) {
            if (line.startsWith("```")) {
                if (block == null) {
                    block = new StringBuilder();
                    untagged = line.equals("```");
                } else {
                    if (untagged) {
                        blocks.add(block.toString());
                    }
                    block = null;
                }
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    @Test
    void describesEveryMetricBlockStatePageFilterUnitAndReservedWordAsTheCodeDoes() throws IOException {
        String doc = doc();
        List<String> lines = doc.lines().toList();
        for (Metric metric : Metric.values()) {
            assertTrue(lines.stream().anyMatch(line -> line.startsWith("| `" + metric.word())
                    && line.endsWith("| " + metric.meaning() + " |")), "metric " + metric.word());
        }
        for (BlockState state : BlockState.values()) {
            assertTrue(lines.contains("| `" + state.word() + "` | " + state.meaning() + " |"),
                    "block state " + state.word());
        }
        for (PageFilter filter : PageFilter.values()) {
            assertTrue(lines.contains("| `" + filter.word() + "` | " + filter.meaning() + " |"),
                    "page filter " + filter.word());
        }
        for (String symbol : Unit.symbolList()) {
            assertTrue(doc.contains("`" + symbol + "`"), "unit " + symbol);
        }
        for (String keyword : Keywords.ALL) {
            assertTrue(doc.contains(" " + keyword + " ") || doc.contains("`" + keyword + " ")
                    || doc.contains(" " + keyword + "`"), "reserved word " + keyword);
        }
    }

    @Test
    void everyExampleCompilesWithoutDiagnostics() throws IOException {
        List<String> examples = examples(doc());
        assertEquals(2, examples.size(), "the tutorial and the complete example");
        for (String example : examples) {
            CompileResult result = ScenarioCompiler.compile("doc.scenario", example);
            assertEquals(List.of(), result.diagnostics(), example);
        }
    }

    @Test
    void completeExampleIsTheCigaretteTestScenario() throws IOException {
        String complete = examples(doc()).getLast();
        assertTrue(ScenarioTestSupport.resource("cigarette.scenario").endsWith(complete));
    }
}
