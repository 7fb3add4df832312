package io.heapscope.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import io.heapscope.scenario.source.Diagnostic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

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

    /** The shipped samples' folder. */
    static Path samples() {
        String dir = System.getProperty("heapscope.samples.dir");
        return dir != null ? Path.of(dir) : Path.of("../../samples");
    }

    /** The text of the shipped sample {@code name}. */
    static String resource(String name) {
        try {
            return Files.readString(samples().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every shipped sample's file name. */
    static final List<String> EXAMPLES = sampleNames();

    private static List<String> sampleNames() {
        try (Stream<Path> files = Files.list(samples())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".scenario")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
