package io.heapscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the module split cannot enforce inside the window's module: the views ({@code ui}) know
 * nothing of the application that wires them ({@code app}), neither reaches into the command
 * line ({@code cli}), and source files stay small.
 */
class LayerRulesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/heapscope");
    private static final int MAX_LINES = 400;

    @Test
    void viewsImportNeitherTheApplicationNorTheCommandLine() {
        assertEquals(List.of(), offending("ui", "import io.heapscope.app", "import io.heapscope.cli"));
    }

    @Test
    void theApplicationDoesNotImportTheCommandLine() {
        assertEquals(List.of(), offending("app", "import io.heapscope.cli"));
    }

    @Test
    void sourceFilesStaySmall() {
        List<String> big = new ArrayList<>();
        for (Path f : javaFiles(SOURCES)) {
            int n = lines(f).size();
            if (n > MAX_LINES) {
                big.add(f + " has " + n + " lines (at most " + MAX_LINES + ")");
            }
        }
        assertEquals(List.of(), big);
    }

    private static List<String> offending(String layer, String... forbidden) {
        List<String> found = new ArrayList<>();
        for (Path f : javaFiles(SOURCES.resolve(layer))) {
            List<String> lines = lines(f);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                for (String prefix : forbidden) {
                    if (line.startsWith(prefix + ".") || line.startsWith("import static " + prefix.substring(7) + ".")) {
                        found.add(f + ":" + (i + 1) + ": " + line);
                    }
                }
            }
        }
        return found;
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
