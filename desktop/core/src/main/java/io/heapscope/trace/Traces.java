package io.heapscope.trace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Opens a trace of any supported kind, told apart by its first bytes: .hstrace, glibc mtrace
 *  log, Android malloc_debug record_allocs log. */
public final class Traces {
    private Traces() {}

    /** True when the file starts like a trace of a kind {@link #open} reads (not a scenario). */
    public static boolean isTrace(Path path) {
        byte[] head = new byte[64];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return false;
        }
        if (n >= 8 && Arrays.equals(Arrays.copyOf(head, 8), HstraceReader.MAGIC)) return true;
        return textKind(new String(head, 0, n, StandardCharsets.ISO_8859_1).stripLeading()) != null;
    }

    private static TextTraceReader.Format textKind(String text) {
        if (text.startsWith("= Start") || text.startsWith("@ ") || text.matches("(?s)^[+\\-<>] 0x.*"))
            return TextTraceReader.Format.MTRACE;
        if (text.matches("(?s)^\\d+: [a-z_]+ .*")) return TextTraceReader.Format.ANDROID;
        return null;
    }

    public static TraceCursor open(Path path) throws IOException {
        byte[] head = new byte[64];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 8 && Arrays.equals(Arrays.copyOf(head, 8), HstraceReader.MAGIC)) return HstraceReader.open(path);
        String text = new String(head, 0, n, StandardCharsets.ISO_8859_1).stripLeading();
        TextTraceReader.Format kind = textKind(text);
        if (kind != null) return TextTraceReader.open(path, kind);
        throw new TraceFormatException(path + ": byte offset 0: not a trace (.hstrace, glibc mtrace log or Android record_allocs log)");
    }
}
