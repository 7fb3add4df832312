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
 * The scenario files of a samples folder, each with a title taken from its first comment line,
 * and the lessons of its {@code lessons/} folder, each with its {@code title} line. Plain I/O, no
 * JavaFX: the browser calls {@link #list} off the FX thread.
 */
public final class SampleCatalog {

    /** One sample: its file and a one-line title. */
    public record Sample(Path file, String title) {
        public String name() {
            return file.getFileName().toString();
        }

        /** A lesson ({@code .lesson}) rather than a scenario. */
        public boolean isLesson() {
            return name().endsWith(".lesson");
        }

        /** What the sample list shows: the title, or the file name when the file has none; lessons say so. */
        public String label() {
            String text = title.isEmpty() ? name() : title;
            return isLesson() ? "Lesson: " + text : text;
        }
    }

    /** The folder of a samples folder that holds its lessons. */
    public static final String LESSONS = "lessons";

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
            out.addAll(lessons(dir.resolve(LESSONS)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code *.lesson} files of {@code dir}, by name, titled by their {@code title} line. */
    static List<Sample> lessons(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Sample> out = new ArrayList<>();
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".lesson")).sorted().toList()) {
                try (Stream<String> lines = Files.lines(p)) {
                    out.add(new Sample(p, lines.map(String::strip).filter(l -> l.startsWith("title "))
                            .map(l -> l.substring(6).strip()).findFirst().orElse("")));
                }
            }
            return out;
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
