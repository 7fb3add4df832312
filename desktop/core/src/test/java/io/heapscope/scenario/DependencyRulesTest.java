package io.heapscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The scenario language stands alone: no JavaFX, and no other Heapscope package. */
class DependencyRulesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/heapscope/scenario");

    @Test
    void importsNeitherJavaFxNorOtherHeapscopePackages() throws IOException {
        List<String> offending;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            offending = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(DependencyRulesTest::imports)
                    .filter(line -> line.startsWith("import javafx")
                            || (line.startsWith("import io.heapscope.")
                            && !line.startsWith("import io.heapscope.scenario")))
                    .toList();
        }
        assertEquals(List.of(), offending);
    }

    @Test
    void keepsEachSourceFileSmall() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(file -> {
                long lines = lines(file).count();
                assertTrue(lines <= 400, file + " has " + lines + " lines");
            });
        }
    }

    private static Stream<String> imports(Path file) {
        return lines(file).filter(line -> line.startsWith("import "));
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
