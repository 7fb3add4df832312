package io.heapscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.syntax.ScenarioPrinter;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Text → tree → text: the printer writes what the parser reads, and nothing changes meaning. */
class RoundTripTest {

    /** Every statement form, written untidily. */
    private static final String KITCHEN_SINK = ScenarioTestSupport.text(
            "thread main,worker   # two threads",
            "set secure=4; set reclaim_on_free = on",
            "set purge_delay = 10ms",
            "mark start",
            "main: start",
            "main: new heap h",
            "main:a=malloc 64B align 16 in h",
            "main: t = calloc 10 x 8 B",
            "main: z = zalloc 1.5 KiB",
            "main: for i in 0..4",
            "{",
            "  g[i] = malloc (i + 1) * 16 B",
            "  worker: touch g[i]",
            "}",
            "main: repeat 2 as k { r[k] = malloc 8 - -k; realloc r[k] 32 B }",
            "main: repeat 3 { collect }",
            "main: b = realloc a 1 KiB",
            "main: realloc g[0..2] 24",
            "worker: free g[0..4]",
            "main: use heap h; main: use heap backing; main: delete heap h",
            "main: new heap d; main: destroy heap d",
            "main: park",
            "sleep 1 s / 2 - (1 ms - 1 us) % 3 ns",
            "expect rss - rss@start >= 1.8 * (rss - rss@start) \"say \\\"hi\\\"\"",
            "expect blocks(thread_free) + pages(small) != 0",
            "main: wake; main: collect force; main: exit");

    private static final String KITCHEN_SINK_PRINTED = ScenarioTestSupport.text(
            "thread main, worker",
            "set secure = 4",
            "set reclaim_on_free = on",
            "set purge_delay = 10 ms",
            "mark start",
            "main: start",
            "main: new heap h",
            "main: a = malloc 64 B align 16 in h",
            "main: t = calloc 10 x 8 B",
            "main: z = zalloc 1.5 KiB",
            "main: for i in 0..4 {",
            "  g[i] = malloc (i + 1) * 16 B",
            "  worker: touch g[i]",
            "}",
            "main: repeat 2 as k {",
            "  r[k] = malloc 8 - -k",
            "  realloc r[k] 32 B",
            "}",
            "main: repeat 3 {",
            "  collect",
            "}",
            "main: b = realloc a 1 KiB",
            "main: realloc g[0..2] 24",
            "worker: free g[0..4]",
            "main: use heap h",
            "main: use heap backing",
            "main: delete heap h",
            "main: new heap d",
            "main: destroy heap d",
            "main: park",
            "sleep 1 s / 2 - (1 ms - 1 us) % 3 ns",
            "expect rss - rss@start >= 1.8 * (rss - rss@start) \"say \\\"hi\\\"\"",
            "expect blocks(thread_free) + pages(small) != 0",
            "main: wake",
            "main: collect force",
            "main: exit");

    static List<String> scenarios() {
        List<String> all = new ArrayList<>(ScenarioTestSupport.EXAMPLES.stream()
                .map(ScenarioTestSupport::resource).toList());
        all.add(KITCHEN_SINK);
        return all;
    }

    private static String print(String text) {
        ParseResult parsed = Scenario.parse("r.scenario", text);
        assertTrue(parsed.ok(), () -> parsed.diagnostics().toString());
        return ScenarioPrinter.print(parsed.script());
    }

    @Test
    void printsTheCanonicalLayout() {
        assertEquals(KITCHEN_SINK_PRINTED, print(KITCHEN_SINK));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void printingIsStableUnderReparsing(String text) {
        String once = print(text);
        assertEquals(once, print(once));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void printedScenarioCompilesToTheSameOps(String text) {
        CompileResult original = ScenarioCompiler.compile("a.scenario", text);
        CompileResult printed = ScenarioCompiler.compile("b.scenario", print(text));
        assertTrue(original.ok(), () -> original.diagnostics().toString());
        List<Op> expected = original.program().orElseThrow().ops();
        List<Op> actual = printed.program().orElseThrow().ops();
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(withoutOrigin(expected.get(i)), withoutOrigin(actual.get(i)), "op " + i);
        }
    }

    private static final ClassValue<List<Method>> FIELDS_BUT_ORIGIN = new ClassValue<>() {
        @Override
        protected List<Method> computeValue(Class<?> type) {
            return Arrays.stream(type.getRecordComponents())
                    .filter(c -> !c.getName().equals("origin"))
                    .map(RecordComponent::getAccessor).toList();
        }
    };

    /** An op's type and fields other than its origin, which holds spans of a different text. */
    private static List<Object> withoutOrigin(Op op) {
        List<Object> fields = new ArrayList<>();
        fields.add(op.getClass());
        for (Method accessor : FIELDS_BUT_ORIGIN.get(op.getClass())) {
            try {
                fields.add(accessor.invoke(op));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return fields;
    }
}
