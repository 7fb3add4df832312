package io.heapscope.app;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.heapscope.app.files.ScenarioDocument;
import io.heapscope.scenario.op.Program;
import io.heapscope.trace.TraceListing;
import io.heapscope.trace.TraceReplay;
import io.heapscope.trace.TraceSetup;
import io.heapscope.ui.editor.ScenarioEditor;

/**
 * File &gt; Open trace: reads a recorded trace on the worker pool into a program and its listing
 * (the threads, then one line per event, the first {@value #LISTED} of them), shows the listing in
 * the editor as an untitled document and replays the trace on the session, stepping event by event
 * as a scenario steps statement by statement. What the reader skipped (a cut tail, frees of unknown
 * objects) is said in a message.
 */
final class TraceOpening {

    static final int LISTED = 100_000;

    private final AppServices services;
    private final ScenarioDocument document;
    private final ScenarioEditor editor;
    private final Prompts prompts;
    private final FileActions files;

    private record Opened(Path file, Program program, String listing, String problems) {
    }

    TraceOpening(AppServices services, ScenarioDocument document, ScenarioEditor editor, Prompts prompts,
                 FileActions files) {
        this.services = services;
        this.document = document;
        this.editor = editor;
        this.prompts = prompts;
        this.files = files;
    }

    /** Asks about unsaved changes, then for a trace file, then opens it. */
    void choose() {
        Path dir = services.samplesDir().resolve("traces");
        files.whenUnsavedHandled(() -> prompts.chooseOpen(dir.toFile().isDirectory() ? dir : services.samplesDir(), "hstrace")
                .ifPresent(this::open));
    }

    /** Reads {@code file} off the FX thread, then shows its listing and replays it. */
    void open(Path file) {
        CompletableFuture.supplyAsync(() -> read(file), services.worker()).whenComplete((opened, error) ->
                services.door().run(() -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                        prompts.error("Cannot open the trace", cause.getMessage() == null ? cause.toString() : cause.getMessage());
                        return;
                    }
                    show(opened);
                }));
    }

    private static Opened read(Path file) {
        try {
            TraceReplay.Loaded loaded = TraceReplay.load(file, TraceSetup.NONE);
            String problems = String.join("\n", java.util.stream.Stream.of(loaded.problems().errorMessage(),
                    loaded.problems().unknownFreesMessage()).filter(java.util.Objects::nonNull).toList());
            return new Opened(file, loaded.program(), TraceListing.of(loaded.program(), LISTED), problems);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }

    private void show(Opened o) {
        String name = o.file().getFileName().toString();
        services.session().loadTrace(name, o.program());
        document.loaded(null, o.listing());   // untitled: saving writes a scenario, never over the trace
        editor.setFileName(name);
        editor.setText(o.listing());
        if (!o.problems().isEmpty()) {
            prompts.error("Part of the trace was skipped", o.problems());
        }
    }
}
