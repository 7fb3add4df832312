package io.heapscope.export;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writing an output file whole or not at all: the text goes to a temporary file next to the
 * target, is forced to disk and then moved over the target in one step, so a failure leaves the
 * old file (or none) and no temporary file behind. {@link #check} tries the folder before a long
 * run, so a run is not wasted on a folder that cannot take the file.
 */
public final class OutputFiles {

    /** The file cannot be written; the message says which and why, in one sentence. */
    public static final class Unwritable extends IOException {
        public Unwritable(String message) {
            super(message);
        }
    }

    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    private OutputFiles() {
    }

    /** Throws when {@code target} cannot be written: its folder is missing or refuses a new file, or it is a directory. */
    public static void check(Path target) throws Unwritable {
        Path dir = folder(target);
        if (Files.isDirectory(target)) {
            throw new Unwritable("cannot write " + target + ": it is a directory");
        }
        if (!Files.exists(dir)) {
            throw new Unwritable("cannot write " + target + ": the folder " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new Unwritable("cannot write " + target + ": " + dir + " is not a folder");
        }
        try {
            Files.delete(Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp"));
        } catch (IOException e) {
            throw refused(target, dir, e);
        }
    }

    public static void write(Path target, String text) throws Unwritable {
        write(target, out -> out.write(text));
    }

    /** Writes what {@code content} writes, atomically (see the class comment). */
    public static void write(Path target, Content content) throws Unwritable {
        check(target);
        Path dir = folder(target);
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + "-", ".tmp");
        } catch (IOException e) {
            throw refused(target, dir, e);
        }
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new Unwritable("cannot write " + target + ": " + reason(e) + "; nothing was written");
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the move took it, or the folder went away
            }
        }
    }

    private static Path folder(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        return parent == null ? target.toAbsolutePath() : parent;
    }

    private static Unwritable refused(Path target, Path dir, IOException e) {
        return new Unwritable("cannot write " + target + ": the folder " + dir + " does not take new files ("
                + reason(e) + ")");
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
