package io.heapscope.scenario;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.syntax.Token;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated scenarios: parsing, checking and compiling must never throw, must finish,
 * and every diagnostic must point inside the text.
 */
class FuzzTest {

    private static final long SEED = 0x5ca1ab1e;
    private static final long WORK_LIMIT = 100_000;

    /** Pieces random scenarios are made of: valid words, near misses and junk. */
    private static final String[] VOCABULARY = {
        "thread", "main", "worker", ",", ":", "=", "malloc", "zalloc", "calloc", "realloc",
        "free", "touch", "x", "align", "in", "as", "heap", "new", "delete", "destroy", "use",
        "backing", "collect", "force", "start", "park", "wake", "exit", "repeat", "for", "sleep",
        "set", "expect", "mark", "{", "}", "[", "]", "(", ")", "..", "@", "+", "-", "*", "/", "%",
        "<", "<=", ">", ">=", "==", "!=", ";", "\n", "\n", "\n", "0", "1", "3", "64", "20_000",
        "1.5", "-1", "9223372036854775807", "B", "KiB", "MiB", "GiB", "KB", "ms", "s", "ns",
        "kib", "bytes", "i", "j", "a", "h", "hotel", "rss", "committed", "pending", "blocks",
        "pages", "thread_free", "live", "small", "loaded", "on", "off", "\"msg\"", "\"open",
        "# comment", "// comment", "$", "!", ".", "µ", "\t", "\r\n",
    };

    private final Random random = new Random(SEED);
    private int inputs;
    private int compiled;

    @Test
    void neverThrowsOnRandomOrMutatedInput() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 1500; i++) {
                run(tokenSoup());
            }
            List<String> seeds = seeds();
            for (int i = 0; i < 2500; i++) {
                run(mutate(seeds.get(random.nextInt(seeds.size()))));
            }
            for (int i = 0; i < 300; i++) {
                run(randomChars());
            }
            for (String pathological : pathological()) {
                run(pathological);
            }
        });
        System.out.println("fuzz: " + inputs + " inputs, none threw; " + compiled
                + " compiled to a program");
        assertTrue(inputs > 4000);
        assertTrue(compiled > 200, "the mutations should leave many scenarios valid");
    }

    private void run(String text) {
        inputs++;
        try {
            ParseResult parsed = Scenario.parse("f.scenario", text);
            List<Diagnostic> checked = Scenario.check(parsed);
            CompileResult result = ScenarioCompiler.compile(parsed, WORK_LIMIT);
            assertInside(text, parsed.diagnostics());
            assertInside(text, checked);
            assertInside(text, result.diagnostics());
            assertTokensInOrder(parsed.tokens());
            assertTrue(result.ok() == result.errors().isEmpty());
            if (result.ok()) {
                compiled++;
            }
        } catch (RuntimeException | StackOverflowError e) {
            fail("input #" + inputs + " threw " + e + " for:\n" + text, e);
        }
    }

    private static void assertInside(String text, List<Diagnostic> diagnostics) {
        long lines = text.chars().filter(c -> c == '\n').count() + 1;
        for (Diagnostic d : diagnostics) {
            assertTrue(d.span().line() >= 1 && d.span().endLine() <= lines,
                    () -> d + " lies outside a text of " + lines + " lines");
        }
    }

    private static void assertTokensInOrder(List<Token> tokens) {
        for (int i = 1; i < tokens.size(); i++) {
            var before = tokens.get(i - 1).span();
            var after = tokens.get(i).span();
            boolean ordered = after.line() > before.endLine()
                    || (after.line() == before.endLine() && after.column() >= before.endColumn());
            assertTrue(ordered, () -> before + " then " + after);
        }
    }

    private String tokenSoup() {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(60);
        for (int i = 0; i < length; i++) {
            text.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
            text.append(random.nextInt(4) == 0 ? "" : " ");
        }
        return text.toString();
    }

    private List<String> seeds() {
        List<String> seeds = new ArrayList<>(ScenarioTestSupport.EXAMPLES.stream()
                .map(ScenarioTestSupport::resource).toList());
        seeds.add(ScenarioTestSupport.text("thread main, worker",
                "main: for i in 0..8 { h[i] = malloc (i + 1) * 8 B; worker: free h[i] }",
                "main: new heap q; main: a = calloc 4 x 8 in q; main: destroy heap q",
                "main: repeat 3 as k { realloc h[k] 64; touch h[k] }",
                "mark m; expect in_use <= in_use@m \"m\"; sleep 1ms"));
        return seeds;
    }

    /** A seed with a few random edits: deletions, insertions, swaps and duplicated lines. */
    private String mutate(String seed) {
        StringBuilder text = new StringBuilder(seed);
        int edits = 1 + random.nextInt(5);
        for (int e = 0; e < edits && !text.isEmpty(); e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(5)) {
                case 0 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(12)));
                case 1 -> text.insert(at, VOCABULARY[random.nextInt(VOCABULARY.length)]);
                case 2 -> text.setCharAt(at, (char) (' ' + random.nextInt(95)));
                case 3 -> {
                    int end = text.indexOf("\n", at);
                    int start = text.lastIndexOf("\n", at) + 1;
                    if (end > start) {
                        text.insert(start, text.substring(start, end + 1));
                    }
                }
                default -> text.setLength(at);
            }
        }
        return text.toString();
    }

    private String randomChars() {
        char[] chars = new char[random.nextInt(200)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) random.nextInt(random.nextBoolean() ? 128 : 0x10000);
        }
        return new String(chars);
    }

    private static List<String> pathological() {
        return List.of("", "\n", "{".repeat(100_000), "}".repeat(10_000),
                "main: a = malloc " + "(".repeat(100_000),
                "main: a = malloc " + "-".repeat(100_000) + "1",
                "sleep 1ms" + " + 1ms".repeat(100_000),
                "thread main\nmain: repeat 1_000_000_000 { repeat 1_000_000_000 { collect } }",
                "thread main\nmain: for i in 0..2_147_483_647 { h[i] = malloc 8 }",
                "thread main\nmain: h[0..2_147_483_647] = malloc 8",
                "thread main\nmain: h[2_147_483_646] = malloc 9_223_372_036_854_775_807",
                "expect rss > " + "1".repeat(5000),
                "\"".repeat(10_000), "#".repeat(10_000), "a".repeat(100_000) + ":");
    }
}
