package io.heapscope.export;

/**
 * A snapshot file could not be read. The message names the file and where in it:
 * a JSON path such as {@code $.snapshot.pages[3].kind}, and the line and column when known.
 */
public final class SnapshotFileException extends Exception {

    private final String path;

    public SnapshotFileException(String file, String path, String problem, Throwable cause) {
        super(file + ": " + path + ": " + problem, cause);
        this.path = path;
    }

    /** The JSON path of the offending value ({@code $} for the whole document). */
    public String path() {
        return path;
    }
}
