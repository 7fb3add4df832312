package io.heapscope.app;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The window's questions answered as a UI test says: unsaved text is discarded, recovery is
 * accepted when {@link #recoverAnswer} is set, saves go into {@code saveDir} under the suggested
 * name (or are cancelled without one), opens answer {@link #openAnswer} (none when null), and an
 * error dialog fails the test unless {@link #recordErrors} is set, when it is kept in {@link #errors}.
 */
final class TestPrompts implements Prompts {

    volatile boolean recoverAnswer;
    volatile Path openAnswer;
    volatile boolean recordErrors;
    final List<String> errors = new CopyOnWriteArrayList<>();
    private final Path saveDir;

    TestPrompts() {
        this(null);
    }

    TestPrompts(Path saveDir) {
        this.saveDir = saveDir;
    }

    @Override
    public Unsaved unsavedChanges(String fileName) {
        return Unsaved.DISCARD;
    }

    @Override
    public boolean recover(String fileName, Instant savedAt) {
        return recoverAnswer;
    }

    @Override
    public Optional<Path> chooseOpen(Path initialDir, String extension) {
        return Optional.ofNullable(openAnswer);
    }

    @Override
    public Optional<Path> chooseSave(Path initialDir, String suggestedName, String extension) {
        return Optional.ofNullable(saveDir).map(dir -> dir.resolve(suggestedName));
    }

    @Override
    public void error(String title, String message) {
        if (!recordErrors) {
            throw new AssertionError(title + ": " + message);
        }
        errors.add(title + ": " + message);
    }
}
