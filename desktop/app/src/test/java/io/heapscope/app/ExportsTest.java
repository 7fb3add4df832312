package io.heapscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.heapscope.app.adapt.SnapshotPicturesTest;
import io.heapscope.engine.Figures;
import io.heapscope.export.SnapshotDocument;
import io.heapscope.export.SnapshotJson;
import io.heapscope.model.Snapshot;

class ExportsTest {

    @Test
    void theWindowWritesTheSameSnapshotDocumentAsTheCommandLine() throws Exception {
        Snapshot snapshot = SnapshotPicturesTest.snapshot();
        Figures figures = new Figures(5, 9, 0, 4096, 1 << 30, 1 << 25, 2000, 960, 1, 1, 0, 3);
        String json = Exports.json("t.scenario", 5, "heapscope", Optional.of(figures), true, snapshot);
        SnapshotDocument back = SnapshotJson.read("t.json", json);
        assertEquals(snapshot, back.snapshot());
        assertEquals(figures, back.figures());
        assertEquals("t.scenario", back.scenario());
    }

    @Test
    void withoutTheRunsFiguresTheSnapshotsOwnAreWritten() throws Exception {
        Snapshot snapshot = SnapshotPicturesTest.snapshot();
        SnapshotDocument back = SnapshotJson.read("t.json",
                Exports.json("t.scenario", 7, "heapscope", Optional.empty(), true, snapshot));
        assertEquals(7, back.figures().step());
        assertEquals(-1, back.figures().ops(), "a snapshot does not know how many ops ran");
        assertEquals(snapshot.pages().size(), back.figures().pages());
        assertEquals(snapshot.pages().getFirst().threadFreeCount() * 320L
                + snapshot.pages().getFirst().delayedCount() * 320L, back.figures().pending());
    }
}
