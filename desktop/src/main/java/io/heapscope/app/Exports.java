package io.heapscope.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import javafx.scene.Node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.heapscope.app.files.TextFiles;
import io.heapscope.export.SnapshotDocument;
import io.heapscope.export.SnapshotJson;
import io.heapscope.model.Snapshot;
import io.heapscope.ui.fx.NodePng;

/**
 * Export from the app: the current view as PNG, the snapshot as JSON, the timeline as CSV. The
 * picture is taken on the FX thread; encoding and writing run on the worker pool.
 */
final class Exports {

    /** Version of the JSON export's envelope, so a reader can tell what it got. */
    static final int JSON_SCHEMA = 1;

    private final AppServices services;
    private final Prompts prompts;

    Exports(AppServices services, Prompts prompts) {
        this.services = services;
        this.prompts = prompts;
    }

    void viewAsPng(Node view, String name) {
        BufferedImage image = NodePng.capture(view);
        prompts.chooseSave(services.samplesDir(), name + ".png", "png")
                .ifPresent(p -> write(() -> NodePng.write(image, p)));
    }

    /** The snapshot of {@code picture} as a snapshot document (docs/snapshot-format.md), as the CLI writes it. */
    void snapshotAsJson(String scenario, StepPicture picture, Snapshot snapshot) {
        prompts.chooseSave(services.samplesDir(), "snapshot-step-" + picture.step() + ".json", "json")
                .ifPresent(p -> write(() -> TextFiles.writeAtomically(p, json(scenario, picture, snapshot))));
    }

    /** A snapshot document when the step's figures are known; else the bare envelope of {@link #json(Snapshot, long)}. */
    static String json(String scenario, StepPicture picture, Snapshot snapshot) throws IOException {
        if (picture.figures().isPresent()) {
            return SnapshotJson.write(SnapshotDocument.of(scenario, picture.step(), picture.allocator(),
                    picture.figures().get(), snapshot));
        }
        return json(snapshot, picture.step());
    }

    void timelineAsCsv(Supplier<String> csv) {
        String text = csv.get();
        prompts.chooseSave(services.samplesDir(), "timeline.csv", "csv")
                .ifPresent(p -> write(() -> TextFiles.writeAtomically(p, text)));
    }

    /** {"schema": 1, "step": N, "snapshot": {...}} with the model's records as Jackson writes them. */
    static String json(Snapshot snapshot, long step) throws IOException {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("schema", JSON_SCHEMA);
        envelope.put("step", step);
        envelope.put("snapshot", snapshot);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(envelope);
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
