package io.heapscope.ui.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The scenario files of a samples folder, each with a title taken from its first comment line.
 * Plain I/O, no JavaFX: the browser calls {@link #list} off the FX thread.
 */
public final class SampleCatalog {

    /** One sample: its file and a one-line title. */
    public record Sample(Path file, String title) {
        public String name() {
            return file.getFileName().toString();
        }

        /** What the sample list shows: the title, or the file name when the file has none. */
        public String label() {
            return title.isEmpty() ? name() : title;
        }
    }

    private SampleCatalog() {
    }

    /** The {@code *.scenario} files in {@code dir}, by name; empty if the folder is missing. */
    public static List<Sample> list(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Sample> out = new ArrayList<>();
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".scenario")).sorted().toList()) {
                out.add(new Sample(p, title(p)));
            }
            out.sort(Comparator.comparing(Sample::name));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String title(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.map(String::strip)
                    .filter(l -> l.startsWith("#") || l.startsWith("//"))
                    .map(l -> l.replaceFirst("^(#|//)\\s*", ""))
                    .filter(l -> !l.isEmpty())
                    .findFirst().orElse("");
        }
    }
}
