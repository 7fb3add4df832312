package io.heapscope.export;

import io.heapscope.engine.Figures;
import io.heapscope.model.Snapshot;
import java.util.Objects;

/**
 * One exported snapshot: the heap at one step of one scenario, as the file holds it
 * ({@code docs/snapshot-format.md}, schema {@code docs/snapshot.schema.json}).
 *
 * @param format    always {@link #FORMAT}
 * @param version   {@link #VERSION}; a reader refuses other versions
 * @param scenario  the scenario's file name
 * @param step      steps run when it was taken
 * @param allocator what the agent ran ({@code heapscope}, {@code mimalloc 2.0.9}, ...)
 * @param figures   the summary figures at that step
 * @param snapshot  the whole picture, the same record the views draw
 */
public record SnapshotDocument(String format, int version, String scenario, long step, String allocator,
                               Figures figures, Snapshot snapshot) {

    public static final String FORMAT = "heapscope-snapshot";
    public static final int VERSION = 2;

    public SnapshotDocument {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(figures, "figures");
        Objects.requireNonNull(snapshot, "snapshot");
    }

    public static SnapshotDocument of(String scenario, long step, String allocator, Figures figures,
                                      Snapshot snapshot) {
        return new SnapshotDocument(FORMAT, VERSION, scenario, step, allocator, figures, snapshot);
    }
}
