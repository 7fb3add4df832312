package io.heapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine, the command line, the export, the compare and the lessons import no JavaFX and no UI package; files stay small. */
class DependencyRulesTest {

    private static final List<Path> ROOTS = List.of(Path.of("src/main/java/io/heapscope/engine"),
            Path.of("src/main/java/io/heapscope/cli"), Path.of("src/main/java/io/heapscope/export"),
            Path.of("src/main/java/io/heapscope/compare"), Path.of("src/main/java/io/heapscope/lesson"));

    @Test
    void noJavaFxNoUiAndSmallFiles() throws IOException {
        for (Path root : ROOTS) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    List<String> lines = read(f);
                    assertTrue(lines.size() <= 400, f + " has " + lines.size() + " lines");
                    assertEquals(List.of(), lines.stream().filter(l -> l.startsWith("import javafx")
                            || l.startsWith("import io.heapscope.app") || l.startsWith("import io.heapscope.ui")).toList(),
                            f.toString());
                }
            }
        }
    }

    private static List<String> read(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
