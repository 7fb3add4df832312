package io.heapscope.scenario;

import static io.heapscope.scenario.ScenarioTestSupport.diagnostics;
import static io.heapscope.scenario.ScenarioTestSupport.ops;
import static io.heapscope.scenario.ScenarioTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.syntax.ScenarioPrinter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code expect [a, b] ...}: an expect about some compare columns only. */
class ExpectColumnsTest {

    private static List<Op.Expect> expects(String... lines) {
        return ops(lines).stream().filter(o -> o instanceof Op.Expect).map(o -> (Op.Expect) o).toList();
    }

    @Test
    void theNamesReachTheProgramAndSelectColumns() {
        List<Op.Expect> e = expects("thread main", "main: a = malloc 64 B",
                "expect [glibc, lazy] rss > 0 \"only there\"", "expect in_use >= 64 B");
        assertEquals(List.of("glibc", "lazy"), e.get(0).columns());
        assertTrue(e.get(0).about(Set.of("lazy", "core")), "a label matches");
        assertTrue(e.get(0).about(Set.of("glibc")), "a backend matches");
        assertFalse(e.get(0).about(Set.of("jemalloc")));
        assertEquals(List.of(), e.get(1).columns());
        assertTrue(e.get(1).about(Set.of("jemalloc")), "no list: every column");
    }

    @Test
    void thePrinterWritesTheListBack() {
        String text = "expect [glibc, jemalloc] rss - rss@start < 16 MiB \"grows less\"\n";
        String printed = ScenarioPrinter.print(parse("mark start", text.strip()).script());
        assertTrue(printed.contains(text), printed);
    }

    @Test
    void aBrokenListSaysWhere() {
        List<String> unclosed = diagnostics("expect [glibc rss > 0");
        assertEquals(1, unclosed.size(), unclosed.toString());
        assertTrue(unclosed.getFirst().contains(":1:15: error: expected ']'"), unclosed.getFirst());
        List<String> empty = diagnostics("expect [] rss > 0");
        assertTrue(empty.getFirst().contains(":1:9: error: expected a column or backend name"), empty.toString());
    }
}
