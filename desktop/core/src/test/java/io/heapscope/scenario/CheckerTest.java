package io.heapscope.scenario;

import static io.heapscope.scenario.ScenarioTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.source.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each semantic error, with its exact position and message. */
class CheckerTest {

    /** Semantic diagnostics of lines that parse cleanly, after a 'thread main, worker' line. */
    private static List<String> check(String... lines) {
        String[] all = new String[lines.length + 1];
        all[0] = "thread main, worker";
        System.arraycopy(lines, 0, all, 1, lines.length);
        ParseResult parsed = parse(all);
        assertTrue(parsed.ok(), () -> "syntax errors " + parsed.diagnostics());
        return Scenario.check(parsed).stream().map(Diagnostic::toString).toList();
    }

    private static void assertError(String expected, String... lines) {
        assertEquals(List.of(expected), check(lines));
    }

    @Test
    void acceptsAValidScenario() {
        assertEquals(List.of(), check(
                "main: a = malloc 64 B",
                "main: new heap h",
                "main: for i in 0..10 { b[i] = calloc i + 1 x 8 B in h; worker: free b[i] }",
                "mark m",
                "expect in_use(main) <= in_use@m + 1 KiB",
                "main: realloc a 128 B"));
    }

    @Test
    void undeclaredThread() {
        assertError("t.scenario:2:1: error: unknown thread 'mian' (did you mean 'main'?);"
                + " declare it with 'thread mian'", "mian: a = malloc 8");
    }

    @Test
    void threadUsedBeforeItsDeclaration() {
        assertError("t.scenario:2:1: error: thread 'late' is used before its declaration at 3:8",
                "late: a = malloc 8", "thread late");
    }

    @Test
    void statementWithoutThread() {
        assertError("t.scenario:2:1: error: no thread runs this statement; put a thread name"
                + " before it, as in 'main: ...'", "a = malloc 8");
    }

    @Test
    void threadDeclaredTwiceOrInsideALoop() {
        assertEquals(List.of(
                "t.scenario:2:8: error: thread 'main' is already declared at 1:8",
                "t.scenario:3:12: error: threads are declared at the top level, not inside a loop"),
                check("thread main", "repeat 2 { thread x }"));
    }

    @Test
    void handleUsedBeforeItIsAllocated() {
        assertError("t.scenario:3:12: error: handle 'c' is not allocated before this point",
                "main: a = malloc 8", "main: free c");
        assertError("t.scenario:2:24: error: handle 'buffer' is not allocated before this point",
                "main: repeat 2 { touch buffer; buffers = malloc 8 }");
    }

    @Test
    void singleHandleUsedAsArrayAndBack() {
        assertEquals(List.of(
                "t.scenario:3:12: error: 'a' is a single handle (first allocated at 2:7),"
                        + " not an array",
                "t.scenario:5:12: error: 'h' is a handle array (first allocated at 4:7);"
                        + " write 'h[index]'"),
                check("main: a = malloc 8", "main: free a[0]", "main: h[0] = malloc 8",
                        "main: free h"));
    }

    @Test
    void unknownLoopVariable() {
        assertError("t.scenario:2:37: error: unknown loop variable 'j'",
                "main: for i in 0..3 { h[i] = malloc j }");
    }

    @Test
    void loopVariableReusedOrNamedLikeAMetric() {
        assertEquals(List.of(
                "t.scenario:2:35: error: loop variable 'i' is already used by the loop at 2:11",
                "t.scenario:3:19: error: loop variable 'rss' has the name of a metric;"
                        + " choose another name"),
                check("main: for i in 0..3 { repeat 2 as i { collect } }",
                        "main: repeat 2 as rss { collect }"));
    }

    @Test
    void loopCountNotAPositiveWholeNumber() {
        assertEquals(List.of(
                "t.scenario:2:14: error: a loop count must be a positive whole number,"
                        + " but this one is 0",
                "t.scenario:3:14: error: 2.5 is not a whole number",
                "t.scenario:4:16: error: the range 5..5 is empty; a loop runs at least once",
                "t.scenario:5:14: error: expected a loop count but found a size"),
                check("main: repeat 0 { collect }", "main: repeat 2.5 { collect }",
                        "main: for i in 5..5 { collect }", "main: repeat 2 KiB { collect }"));
    }

    @Test
    void unknownMetric() {
        assertError("t.scenario:2:8: error: unknown metric 'comitted' (did you mean 'committed'?)",
                "expect comitted < 1 MiB");
        assertError("t.scenario:2:8: error: unknown metric 'heap' (did you mean 'heaps'?)",
                "expect heap(main) == 1");
    }

    @Test
    void metricArgumentsAreCheckedAgainstTheMetric() {
        assertEquals(List.of(
                "t.scenario:2:8: error: metric 'blocks' needs a block state, as in 'blocks(live)';"
                        + " one of live, free, local_free, thread_free, delayed",
                "t.scenario:3:12: error: metric 'rss' takes no argument",
                "t.scenario:4:14: error: metric 'pages' takes a page kind or state, not 'tiny';"
                        + " one of small, medium, large, huge, full, retired, abandoned, encoded",
                "t.scenario:5:16: error: unknown thread 'mian' (did you mean 'main'?)"),
                check("expect blocks > 3", "expect rss(main) > 1", "expect pages(tiny) == 0",
                        "expect pending(mian) == 0"));
    }

    @Test
    void markMustBeSetBeforeItIsRead() {
        assertError("t.scenario:2:18: error: mark 'loaded' is not set before this point;"
                + " add 'mark loaded' earlier", "expect rss > rss@loaded", "mark loaded");
    }

    @Test
    void metricsOnlyOnExpectLines() {
        assertEquals(List.of(
                "t.scenario:2:18: error: metric 'rss' can only be read on an expect line",
                "t.scenario:3:18: error: metric 'pending' can only be read on an expect line"),
                check("main: a = malloc rss", "main: b = malloc pending(main)"));
    }

    @Test
    void valuesOfTheWrongKind() {
        assertEquals(List.of(
                "t.scenario:2:18: error: expected a size but found a duration",
                "t.scenario:3:7: error: expected a duration but found a plain number;"
                        + " add a unit, as in '50ms'",
                "t.scenario:4:18: error: cannot add a duration to a size",
                "t.scenario:5:18: error: cannot multiply a size by a size",
                "t.scenario:6:1: error: cannot compare a size with a duration",
                "t.scenario:7:18: error: expected a count but found a size"),
                check("main: a = malloc 10ms", "sleep 5", "main: b = malloc 64 B + 1 ms",
                        "main: c = malloc 2 KiB * 2 KiB", "expect committed < 10 ms",
                        "main: d = calloc 2 B x 8"));
    }

    @Test
    void constantsThatAreNotWholeOrDoNotFit() {
        assertEquals(List.of(
                "t.scenario:2:18: error: 0.5 B is not a whole number of bytes",
                "t.scenario:3:18: error: number is too large: 99999999999 GiB does not fit"
                        + " in 64 bits",
                "t.scenario:4:18: error: overflow: 1000000 * 21990232555520 does not fit in 64 bits",
                "t.scenario:5:18: error: division by zero"),
                check("main: a = malloc 0.5 B", "main: b = malloc 99999999999 GiB",
                        "main: c = malloc 1_000_000 * 20 TiB", "main: d = malloc 64 B / 0"));
    }

    @Test
    void negativeSizesBadAlignmentsAndIndexes() {
        assertEquals(List.of(
                "t.scenario:2:18: error: a size cannot be negative; this one is -8",
                "t.scenario:3:26: error: an alignment must be a power of two, such as 16 or 4 KiB;"
                        + " this one is 24",
                "t.scenario:4:9: error: index -1 is out of range (0 to 2147483646)",
                "t.scenario:5:7: error: the range 3..3 is empty; write 'a..b' with a < b for the"
                        + " elements a to b-1",
                "t.scenario:6:7: error: sleep cannot go back in time"),
                check("main: a = malloc -8", "main: b = malloc 8 align 24",
                        "main: h[-1] = malloc 8", "main: g[3..3] = malloc 8", "sleep -1ms"));
    }

    @Test
    void heapsMustExistAndBackingIsSpecial() {
        assertEquals(List.of(
                "t.scenario:2:23: error: heap 'cache' is not created before this point;"
                        + " add 'new heap cache' earlier",
                "t.scenario:3:16: error: 'backing' names each thread's own heap;"
                        + " choose another name",
                "t.scenario:4:20: error: a thread's backing heap cannot be destroyed"),
                check("main: a = malloc 8 in cache", "main: new heap backing",
                        "main: destroy heap backing", "main: use heap backing",
                        "main: b = malloc 8 in backing"));
    }

    @Test
    void reportsSeveralProblemsInOneRun() {
        assertEquals(3, check("mian: a = malloc 8", "main: free nothing",
                "expect comitted < 1 MiB").size());
    }

    @Test
    void theDesignIsV2OrV3OnceAtTheTopLevel() {
        assertEquals(List.of(), check("set design = v3", "main: a = malloc 64 B"));
        List<String> number = check("set design = 3");
        assertEquals(1, number.size(), number.toString());
        assertTrue(number.getFirst().contains("the design is v2 or v3"), number.toString());
        List<String> twice = check("set design = v3", "set design = v2");
        assertTrue(twice.size() == 1 && twice.getFirst().contains("set twice"), twice.toString());
        List<String> looped = check("repeat 2 { set design = v3 }");
        assertTrue(looped.size() == 1 && looped.getFirst().contains("top level"), looped.toString());
        List<String> other = check("set secure = v3");
        assertTrue(other.size() == 1 && other.getFirst().contains("'v3'"), "v3 is a value of design only: " + other);
    }
}
