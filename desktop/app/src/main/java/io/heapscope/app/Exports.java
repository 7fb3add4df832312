package io.heapscope.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;

import javafx.scene.Node;

import io.heapscope.app.files.TextFiles;
import io.heapscope.engine.Figures;
import io.heapscope.export.HistoryCsv;
import io.heapscope.export.SnapshotDocument;
import io.heapscope.export.SnapshotJson;
import io.heapscope.model.Snapshot;
import io.heapscope.ui.fx.NodePng;

/**
 * Export from the app: the current view as PNG, the snapshot as JSON, the timeline as CSV. The
 * picture is taken on the FX thread; encoding and writing run on the worker pool.
 */
final class Exports {

    private final AppServices services;
    private final Prompts prompts;

    Exports(AppServices services, Prompts prompts) {
        this.services = services;
        this.prompts = prompts;
    }

    void viewAsPng(Node view, String name) {
        BufferedImage image = NodePng.capture(view);
        prompts.chooseSave(AppServices.userDir(), name + ".png", "png")
                .ifPresent(p -> write(() -> NodePng.write(image, p)));
    }

    /** The snapshot of {@code picture} as a snapshot document (docs/snapshot-format.md), as the CLI writes it. */
    void snapshotAsJson(String scenario, StepPicture picture, Snapshot snapshot) {
        prompts.chooseSave(AppServices.userDir(), "snapshot-step-" + picture.step() + ".json", "json")
                .ifPresent(p -> write(() -> TextFiles.writeAtomically(p, json(scenario, picture, snapshot))));
    }

    static String json(String scenario, StepPicture picture, Snapshot snapshot) throws IOException {
        return json(scenario, picture.step(), picture.allocator(), picture.figures(), picture.core(), snapshot);
    }

    /**
     * The one snapshot document format (docs/snapshot-format.md), as the CLI writes it; without the
     * run's figures for the step, the figures the snapshot itself tells.
     */
    static String json(String scenario, long step, String allocator, Optional<Figures> figures, boolean core,
                       Snapshot snapshot) throws IOException {
        Figures f = figures.orElseGet(() -> Figures.fromSnapshot(step, snapshot, core));
        return SnapshotJson.write(SnapshotDocument.of(scenario, step, allocator, f, snapshot));
    }

    /** The engine's history as CSV, the file {@code heapscope export --csv} writes for the same run. */
    void timelineAsCsv(List<Figures> history) {
        prompts.chooseSave(AppServices.userDir(), "timeline.csv", "csv")
                .ifPresent(p -> write(() -> TextFiles.writeAtomically(p, csv(history))));
    }

    static String csv(List<Figures> history) throws IOException {
        StringWriter out = new StringWriter();
        HistoryCsv.write(history, out);
        return out.toString();
    }

    private void write(IoAction action) {
        services.worker().execute(() -> {
            try {
                action.run();
            } catch (IOException e) {
                services.door().run(() -> prompts.error("Export failed", String.valueOf(e.getMessage())));
            }
        });
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
