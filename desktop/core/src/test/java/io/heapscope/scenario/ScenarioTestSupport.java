package io.heapscope.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import io.heapscope.scenario.source.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Small helpers shared by the scenario tests: scenarios are given as lines of text. */
final class ScenarioTestSupport {

    static final String FILE = "t.scenario";

    private ScenarioTestSupport() {
    }

    static String text(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    static ParseResult parse(String... lines) {
        return Scenario.parse(FILE, text(lines));
    }

    static CompileResult compile(String... lines) {
        return ScenarioCompiler.compile(FILE, text(lines));
    }

    /** Every diagnostic of compiling the lines, as printed. */
    static List<String> diagnostics(String... lines) {
        return compile(lines).diagnostics().stream().map(Diagnostic::toString).toList();
    }

    /** The program of lines that must compile without errors. */
    static Program program(String... lines) {
        CompileResult result = compile(lines);
        assertTrue(result.ok(), () -> "expected no errors but got " + result.diagnostics());
        return result.program().orElseThrow();
    }

    static List<Op> ops(String... lines) {
        return program(lines).ops();
    }

    static String resource(String name) {
        try (InputStream in = ScenarioTestSupport.class.getResourceAsStream("/scenario/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final List<String> EXAMPLES = List.of(
            "cigarette.scenario", "request-heap.scenario", "abandon-reclaim.scenario");
}
