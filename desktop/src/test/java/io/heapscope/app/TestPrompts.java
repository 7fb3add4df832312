package io.heapscope.app;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The window's questions answered as a UI test says: unsaved text is discarded, recovery is
 * accepted when {@link #recoverAnswer} is set, saves go into {@code saveDir} under the suggested
 * name (or are cancelled without one), and an error dialog fails the test.
 */
final class TestPrompts implements Prompts {

    volatile boolean recoverAnswer;
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
    public Optional<Path> chooseOpen(Path initialDir) {
        return Optional.empty();
    }

    @Override
    public Optional<Path> chooseSave(Path initialDir, String suggestedName, String extension) {
        return Optional.ofNullable(saveDir).map(dir -> dir.resolve(suggestedName));
    }

    @Override
    public void error(String title, String message) {
        throw new AssertionError(title + ": " + message);
    }
}
