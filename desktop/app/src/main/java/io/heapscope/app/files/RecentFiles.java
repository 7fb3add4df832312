package io.heapscope.app.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The most recently opened or saved files, newest first, kept in a small text file. No JavaFX. */
public final class RecentFiles {

    public static final int MAX = 10;

    private final Path file;

    public RecentFiles(Path stateDir) {
        this.file = stateDir.resolve("recent.txt");
    }

    public List<Path> load() throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return TextFiles.read(file).lines().filter(l -> !l.isBlank()).map(Path::of).limit(MAX).toList();
    }

    /** Puts {@code opened} first (once) and returns the new list. */
    public List<Path> add(Path opened) throws IOException {
        Path abs = opened.toAbsolutePath().normalize();
        List<Path> list = new ArrayList<>(load());
        list.remove(abs);
        list.add(0, abs);
        List<Path> kept = list.subList(0, Math.min(MAX, list.size()));
        TextFiles.writeAtomically(file, String.join("\n", kept.stream().map(Path::toString).toList()) + "\n");
        return List.copyOf(kept);
    }
}
