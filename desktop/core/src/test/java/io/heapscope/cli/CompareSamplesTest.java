package io.heapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The comparison samples check themselves per column: each says in its header how it is
 * compared ({@code #   heapscope compare samples/... --backend ...}), and run exactly so every
 * column holds every expect about it, at least one of which is about that column alone.
 */
class CompareSamplesTest {

    private static final List<String> SAMPLES = List.of("fragmentation-requests.scenario", "cigarette.scenario",
            "compare-purge-delay.scenario", "compare-reclaim-on-free.scenario");

    /** The sample's own compare command line, from its header. */
    private static List<String> command(Path sample) throws Exception {
        String line = Files.readAllLines(sample).stream().filter(l -> l.startsWith("#   heapscope compare "))
                .findFirst().orElseThrow(() -> new AssertionError(sample + " says how to compare it"));
        List<String> words = new ArrayList<>(List.of(line.substring("#   heapscope ".length()).trim().split(" +")));
        assertEquals("samples/" + sample.getFileName(), words.get(1), line);
        words.set(1, sample.toString());
        words.add("--no-progress");
        return words;
    }

    @Test
    void everyColumnHoldsItsExpects() throws Exception {
        for (String name : SAMPLES) {
            Path sample = SamplesCheckTest.samples().resolve(name);
            List<String> command = command(sample);
            CliTest.Result r = CliTest.cli(command.toArray(String[]::new));
            assertEquals(0, r.status(), name + ": " + r.err());
            List<String> rows = r.out().lines().toList();
            int columns = (int) rows.stream().skip(1).takeWhile(l -> !l.contains(": ")).count();
            assertTrue(columns >= 2, name + ": " + r.out());
            for (String row : rows.subList(1, 1 + columns)) {
                String[] f = row.trim().split(" {2,}");
                assertEquals("0", f[8], name + ": nothing fails on " + f[0] + "\n" + r.out());
                assertEquals("0", f[9], name + ": everything about " + f[0] + " is measured there\n" + r.out());
            }
            List<String> labels = rows.subList(1, 1 + columns).stream().map(l -> l.trim().split(" +")[0]).toList();
            String text = Files.readString(sample);
            for (String label : labels) {
                assertTrue(text.contains("expect [" + label) || text.matches("(?s).*expect \\[[^]]*, " + label + "[],].*"),
                        name + ": an expect is about " + label + " alone or with few others");
            }
        }
    }
}
