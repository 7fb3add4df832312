package io.heapscope.app;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The questions the window asks a person. {@link DialogPrompts} asks with dialogs; tests pass
 * scripted answers.
 */
public interface Prompts {

    /** What to do with unsaved changes. */
    enum Unsaved { SAVE, DISCARD, CANCEL }

    Unsaved unsavedChanges(String fileName);

    /** Whether to restore text that a previous session did not save. */
    boolean recover(String fileName, Instant savedAt);

    /** A file to open: {@code extension} (no dot) is {@code scenario} or {@code json} (a saved snapshot). */
    Optional<Path> chooseOpen(Path initialDir, String extension);

    Optional<Path> chooseSave(Path initialDir, String suggestedName, String extension);

    void error(String title, String message);
}
