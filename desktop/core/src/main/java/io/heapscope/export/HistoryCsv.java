package io.heapscope.export;

import io.heapscope.engine.Figures;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/**
 * The history of a run as CSV: a header of {@link Figures#COLUMNS} and one row per sampled step,
 * plain integers (bytes, nanoseconds, counts; -1 where the backend cannot measure a figure).
 */
public final class HistoryCsv {

    private HistoryCsv() {
    }

    public static void write(List<Figures> history, Writer out) throws IOException {
        out.write(String.join(",", Figures.COLUMNS));
        out.write('\n');
        StringBuilder row = new StringBuilder();
        for (Figures f : history) {
            row.setLength(0);
            long[] values = f.values();
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    row.append(',');
                }
                row.append(values[i]);
            }
            out.write(row.append('\n').toString());
        }
    }

    /** Writes the CSV whole or not at all ({@link OutputFiles}). */
    public static void write(List<Figures> history, Path file) throws IOException {
        OutputFiles.write(file, out -> write(history, out));
    }
}
