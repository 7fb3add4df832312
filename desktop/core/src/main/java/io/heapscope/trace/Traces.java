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

    public static TraceCursor open(Path path) throws IOException {
        byte[] head = new byte[64];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, head.length);
        }
        if (n >= 8 && Arrays.equals(Arrays.copyOf(head, 8), HstraceReader.MAGIC)) return HstraceReader.open(path);
        String text = new String(head, 0, n, StandardCharsets.ISO_8859_1).stripLeading();
        if (text.startsWith("= Start") || text.startsWith("@ ") || text.matches("(?s)^[+\\-<>] 0x.*"))
            return TextTraceReader.open(path, TextTraceReader.Format.MTRACE);
        if (text.matches("(?s)^\\d+: [a-z_]+ .*")) return TextTraceReader.open(path, TextTraceReader.Format.ANDROID);
        throw new TraceFormatException(path + ": byte offset 0: not a trace (.hstrace, glibc mtrace log or Android record_allocs log)");
    }
}
