package io.heapscope.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import io.heapscope.export.SnapshotFileException;
import io.heapscope.ui.fx.FxDoor;

/**
 * {@code File > Open snapshot…}: asks for a {@code .json} file, reads and converts it on the
 * worker pool, and hands the result to the window on the FX thread; a bad file becomes an error
 * dialog naming the file and the JSON path, and nothing else changes.
 */
final class SnapshotOpener {

    private final Executor worker;
    private final FxDoor door;
    private final Prompts prompts;
    private final Consumer<SavedSnapshot> show;

    SnapshotOpener(Executor worker, FxDoor door, Prompts prompts, Consumer<SavedSnapshot> show) {
        this.worker = worker;
        this.door = door;
        this.prompts = prompts;
        this.show = show;
    }

    /** Asks for a file in {@code dir}, then opens it. On the FX thread. */
    void choose(Path dir) {
        prompts.chooseOpen(dir, "json").ifPresent(this::open);
    }

    /** Reads {@code file} off the FX thread; the result (or the error dialog) comes back through the door. */
    CompletableFuture<Void> open(Path file) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return SavedSnapshot.read(file);
            } catch (SnapshotFileException | IOException e) {
                throw new CompletionException(e);
            }
        }, worker).handle((saved, error) -> {
            door.run(() -> {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    prompts.error("Cannot open snapshot", SavedSnapshot.problem(file, cause));
                } else {
                    show.accept(saved);
                }
            });
            return null;
        });
    }
}
