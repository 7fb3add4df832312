package io.heapscope.app.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the unsaved text of the open document in a recovery file, so a crash loses nothing:
 * written (atomically) a moment after each edit while the document has unsaved changes, deleted
 * on save, on a clean close, and when the person declines to recover it. The first line holds
 * the document's path (empty for an untitled one); the rest is the text. No JavaFX.
 */
public final class RecoveryStore {

    /** What a previous session left behind. */
    public record Recovered(Optional<Path> path, String text, Instant savedAt) {
    }

    private final Path file;

    public RecoveryStore(Path stateDir) {
        this.file = stateDir.resolve("recovery.scenario");
    }

    public Path file() {
        return file;
    }

    public void save(Optional<Path> document, String text) throws IOException {
        TextFiles.writeAtomically(file, document.map(p -> p.toAbsolutePath().toString()).orElse("") + "\n" + text);
    }

    public Optional<Recovered> load() throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String all = TextFiles.read(file);
        int nl = all.indexOf('\n');
        String first = nl < 0 ? all : all.substring(0, nl);
        String text = nl < 0 ? "" : all.substring(nl + 1);
        Optional<Path> path = first.isBlank() ? Optional.empty() : Optional.of(Path.of(first));
        return Optional.of(new Recovered(path, text, Files.getLastModifiedTime(file).toInstant()));
    }

    public void clear() throws IOException {
        Files.deleteIfExists(file);
    }
}
