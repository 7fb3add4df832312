package io.heapscope.scenario.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading a scenario file as a user may hand it over: a missing file, a directory, one too large
 * to be a scenario or bytes that are not UTF-8 each end with one sentence naming the file (and,
 * for bad bytes, the line and column of the first one), never a stack trace or a full heap.
 */
public final class SourceFiles {

    /** The largest scenario file read (the language's own limits stop far smaller programs). */
    public static final long MAX_BYTES = 16L << 20;

    /** Why a file could not be read; the message starts with the file (and its position when known). */
    public static final class Unreadable extends Exception {
        public Unreadable(String message) {
            super(message);
        }
    }

    private SourceFiles() {
    }

    public static String read(Path file) throws Unreadable {
        if (Files.isDirectory(file)) {
            throw new Unreadable(file + ": is a directory, not a scenario file");
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new Unreadable(file + ": " + mib(size) + " is too large for a scenario (at most "
                        + mib(MAX_BYTES) + ")");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new Unreadable(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new Unreadable(file + ": permission denied");
        } catch (IOException e) {
            throw new Unreadable(file + ": cannot read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new Unreadable(file + ": too large for a scenario (at most " + mib(MAX_BYTES) + ")");
        }
        return decode(file.toString(), bytes);
    }

    /** Strict UTF-8; the first malformed byte is reported as {@code file:line:col}. */
    public static String decode(String file, byte[] bytes) throws Unreadable {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            throw new Unreadable(position(file, bytes, at) + ": not UTF-8 text: byte 0x"
                    + String.format("%02x", bytes[at] & 0xFF) + " cannot be part of a character here;"
                    + " save the file as UTF-8");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** {@code file:line:col} of byte {@code at} (columns count characters, as the compiler's do). */
    private static String position(String file, byte[] bytes, int at) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = 1;
        for (int i = lineStart; i < at; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {   // not a continuation byte: a character starts here
                column++;
            }
        }
        return file + ":" + line + ":" + column;
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
