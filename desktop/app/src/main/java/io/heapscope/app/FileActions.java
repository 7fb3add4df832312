package io.heapscope.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import io.heapscope.app.files.RecentFiles;
import io.heapscope.app.files.RecoveryStore;
import io.heapscope.app.files.ScenarioDocument;
import io.heapscope.app.files.TextFiles;
import io.heapscope.ui.editor.ScenarioEditor;
import io.heapscope.ui.fx.Debouncer;

/**
 * File menu commands: new, open, save, save as, recent; the unsaved-changes prompt; and crash
 * recovery (the unsaved text is mirrored to a recovery file a second after each edit). All file
 * I/O runs on the worker pool; results come back through the FX door.
 */
final class FileActions {

    private static final long RECOVERY_DELAY_MS = 1000;

    private final AppServices services;
    private final ScenarioDocument document;
    private final ScenarioEditor editor;
    private final Prompts prompts;
    private final RecentFiles recentFiles;
    private final RecoveryStore recovery;
    private final ObservableList<Path> recent = FXCollections.observableArrayList();
    private final Debouncer<Snapshot, Void> recoveryWriter;
    private Runnable onLoaded = () -> { };
    private java.util.function.Consumer<String> onSaved = text -> { };

    /** The document as the recovery writer sees it. */
    private record Snapshot(Optional<Path> path, String text, boolean dirty) {
    }

    FileActions(AppServices services, ScenarioDocument document, ScenarioEditor editor, Prompts prompts) {
        this.services = services;
        this.document = document;
        this.editor = editor;
        this.prompts = prompts;
        this.recentFiles = new RecentFiles(services.stateDir());
        this.recovery = new RecoveryStore(services.stateDir());
        this.recoveryWriter = new Debouncer<>(services.timer(), services.worker(), RECOVERY_DELAY_MS,
                this::writeRecovery, services.door(), ignored -> { });
        editor.textProperty().addListener((o, a, text) -> {
            document.textProperty().set(text);
            recoveryWriter.offer(new Snapshot(document.path(), text, document.isDirty()));
        });
        background(recentFiles::load, list -> recent.setAll(list));
    }

    ObservableList<Path> recent() {
        return recent;
    }

    RecoveryStore recovery() {
        return recovery;
    }

    /** Called on the FX thread after a document was loaded into the editor. */
    void setOnLoaded(Runnable action) {
        this.onLoaded = action;
    }

    /** Called with the text just saved (the session runs it if it changed). */
    void setOnSaved(java.util.function.Consumer<String> action) {
        this.onSaved = action;
    }

    void newFile() {
        whenUnsavedHandled(() -> load(null, ""));
    }

    void open() {
        whenUnsavedHandled(() -> prompts.chooseOpen(currentDir(), "scenario").ifPresent(this::openPath));
    }

    /** Opens {@code file} (after asking about unsaved changes). */
    void openAsked(Path file) {
        whenUnsavedHandled(() -> openPath(file));
    }

    /** Opens {@code file} without asking: reads it off the FX thread, then shows it. */
    void openPath(Path file) {
        background(() -> TextFiles.read(file), text -> {
            load(file, text);
            remember(file);
        });
    }

    void save() {
        save(() -> { });
    }

    void saveAs() {
        saveAs(() -> { });
    }

    /** Asks about unsaved changes, then runs {@code then} unless the person cancelled. */
    void whenUnsavedHandled(Runnable then) {
        if (!document.isDirty()) {
            then.run();
            return;
        }
        switch (prompts.unsavedChanges(document.fileName())) {
            case SAVE -> save(then);
            case DISCARD -> then.run();
            case CANCEL -> { }
        }
    }

    /**
     * Offers the text a crashed session left in the recovery file, if any; runs {@code otherwise}
     * (on the FX thread) when there is none or the person declines it. Nothing else may load a
     * document meanwhile, or it could replace the recovered text.
     */
    void offerRecovery(Runnable otherwise) {
        background(() -> recovery.load().map(r -> new RecoveryOffer(r,
                r.path().filter(Files::isRegularFile).map(FileActions::readOrEmpty).orElse(""))),
                found -> found.ifPresentOrElse(offer -> askToRecover(offer, otherwise), otherwise));
    }

    private void askToRecover(RecoveryOffer offer, Runnable otherwise) {
        RecoveryStore.Recovered r = offer.recovered();
        String name = r.path().map(p -> p.getFileName().toString()).orElse("untitled.scenario");
        if (prompts.recover(name, r.savedAt())) {
            document.recovered(r.path().orElse(null), offer.savedText(), r.text());
            editor.setFileName(document.fileName());
            editor.setText(r.text());
            onLoaded.run();
        } else {
            background(() -> {
                recovery.clear();
                return null;
            }, ignored -> otherwise.run());
        }
    }

    /** Recovered text and the text of the file it belongs to as saved on disk. */
    private record RecoveryOffer(RecoveryStore.Recovered recovered, String savedText) {
    }

    /** Deletes the recovery file (the window is closing cleanly), then runs {@code then} on the FX thread. */
    void closeCleanly(Runnable then) {
        background(() -> {
            recovery.clear();
            return null;
        }, ignored -> then.run());
    }

    private void save(Runnable then) {
        Optional<Path> path = document.path();
        if (path.isEmpty() || services.isSample(path.get())) {
            saveAs(then);
            return;
        }
        write(path.get(), then);
    }

    private void saveAs(Runnable then) {
        prompts.chooseSave(services.saveDirFor(document.path()), document.fileName(), "scenario").ifPresent(p -> write(p, then));
    }

    private void write(Path file, Runnable then) {
        String text = editor.getText();
        background(() -> {
            TextFiles.writeAtomically(file, text);
            recovery.clear();
            return null;
        }, ignored -> {
            document.saved(file, text);
            editor.setFileName(document.fileName());
            remember(file);
            onSaved.accept(text);
            then.run();
        });
    }

    private void load(Path file, String text) {
        document.loaded(file, text);
        editor.setFileName(document.fileName());
        editor.setText(text);
        onLoaded.run();
    }

    private void remember(Path file) {
        background(() -> recentFiles.add(file), list -> recent.setAll(list));
    }

    private Void writeRecovery(Snapshot s) {
        try {
            if (s.dirty()) {
                recovery.save(s.path(), s.text());
            } else {
                recovery.clear();
            }
        } catch (IOException e) {
            // recovery is best effort; saving still works and reports its own errors
        }
        return null;
    }

    private Path currentDir() {
        return document.path().map(Path::getParent).orElse(services.samplesDir());
    }

    private static String readOrEmpty(Path p) {
        try {
            return TextFiles.read(p);
        } catch (IOException e) {
            return "";
        }
    }

    /** Runs {@code io} on the worker pool and hands its result to {@code then} on the FX thread. */
    private <T> void background(IoWork<T> io, java.util.function.Consumer<T> then) {
        CompletableFuture.supplyAsync(() -> {
            try {
                return io.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, services.worker()).whenComplete((result, error) -> services.door().run(() -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
                prompts.error("File error", cause.getMessage() == null ? cause.toString() : cause.getMessage());
            } else {
                then.accept(result);
            }
        }));
    }

    /** Work that may fail with an I/O error. */
    @FunctionalInterface
    private interface IoWork<T> {
        T run() throws IOException;
    }

}
