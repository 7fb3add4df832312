package io.heapscope.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.heapscope.app.adapt.SnapshotPictures;
import io.heapscope.app.adapt.ViewPictures;
import io.heapscope.export.SnapshotDocument;
import io.heapscope.export.SnapshotFileException;
import io.heapscope.export.SnapshotJson;
import io.heapscope.model.Snapshot;
import io.heapscope.model.ThreadInfo;

/**
 * A snapshot file ({@code File > Open snapshot…}, the CLI's {@code export}) read back and turned
 * into the picture the heap views draw, without an agent. Reading and converting are plain Java,
 * meant for the worker pool; only {@link #picture} goes to the FX thread.
 *
 * @param file     the file it was read from
 * @param document what the file holds
 * @param picture  what the views show for it: the same picture path as a live step
 */
record SavedSnapshot(Path file, SnapshotDocument document, StepPicture picture) {

    /** Reads and converts {@code file}; a bad file names itself and the JSON path of the problem. */
    static SavedSnapshot read(Path file) throws SnapshotFileException, IOException {
        return of(file, SnapshotJson.read(file));
    }

    /** The picture of a document read from {@code file}. */
    static SavedSnapshot of(Path file, SnapshotDocument doc) {
        Snapshot s = doc.snapshot();
        List<String> names = threadNames(s);
        StepPicture base = SnapshotPictures.of(doc.step(), s, names, List.of(),
                ViewPictures.timeline(List.of(doc.figures())));
        boolean core = "heapscope".equals(doc.allocator()) || !s.segments().isEmpty();
        StepPicture picture = new StepPicture(doc.step(), base.space(), base.pages(), base.threads(), base.abandoned(),
                base.events(), base.timeline(), base.snapshot(), core, doc.allocator(), List.of(), Set.of(),
                Optional.of(doc.figures()), List.of(doc.figures()));
        return new SavedSnapshot(file, doc, picture);
    }

    /** What the status bar says while the views show this snapshot. */
    String status() {
        return String.format("Saved snapshot %s: %s at step %,d (%s) — Step or Reset returns to the scenario",
                file.getFileName(), document.scenario(), document.step(), document.allocator());
    }

    /** The error dialog's text for a file that could not be opened. */
    static String problem(Path file, Throwable error) {
        if (error instanceof SnapshotFileException e) {
            return file.getFileName() + " is not a snapshot Heapscope can show.\n\nJSON path: " + e.path()
                    + "\n" + e.getMessage() + "\n\nThe editor and the views are unchanged.";
        }
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        return "Cannot read " + file.getFileName() + ": " + message;
    }

    /**
     * The file does not keep the scenario's thread names (only their indices), so threads are
     * named by index, as the CLI prints them.
     */
    private static List<String> threadNames(Snapshot s) {
        int count = s.threads().stream().mapToInt(ThreadInfo::index).filter(i -> i != ThreadInfo.NONE)
                .max().orElse(-1) + 1;
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "thread " + i).toList();
    }
}
