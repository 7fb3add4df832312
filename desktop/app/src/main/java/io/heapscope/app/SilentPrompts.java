package io.heapscope.app;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/** Prompts for an unattended run: never asks, never recovers, reports errors on stderr. */
public final class SilentPrompts implements Prompts {
    @Override
    public Unsaved unsavedChanges(String fileName) {
        return Unsaved.DISCARD;
    }

    @Override
    public boolean recover(String fileName, Instant savedAt) {
        return false;
    }

    @Override
    public Optional<Path> chooseOpen(Path initialDir, String extension) {
        return Optional.empty();
    }

    @Override
    public Optional<Path> chooseSave(Path initialDir, String suggestedName, String extension) {
        return Optional.empty();
    }

    @Override
    public void error(String title, String message) {
        System.err.println(title + ": " + message);
    }
}
