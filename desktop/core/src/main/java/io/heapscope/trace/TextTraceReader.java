package io.heapscope.trace;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Imports the text logs other tools write, one line at a time:
 * <ul>
 *   <li>glibc {@code mtrace(3)}: {@code @ CALLER + 0xADDR 0xSIZE} (allocation), {@code - 0xADDR}
 *       (free), {@code < 0xOLD} followed by {@code > 0xNEW 0xSIZE} (realloc), {@code ! 0xADDR 0xSIZE}
 *       (failed realloc); one thread, no timestamps (time stays 0).</li>
 *   <li>Android {@code malloc_debug} {@code record_allocs}: {@code TID: malloc PTR SIZE},
 *       {@code TID: calloc PTR NMEMB SIZE}, {@code TID: realloc NEW OLD SIZE},
 *       {@code TID: memalign PTR ALIGNMENT SIZE}, {@code TID: free PTR},
 *       {@code TID: thread_done 0x0}; newer versions end each line with start and end times in
 *       nanoseconds, which become the event times.</li>
 * </ul>
 * Each thread's first line is preceded by a thread-start event. Offsets are byte offsets of lines.
 */
public final class TextTraceReader extends EventFields {
    public enum Format { MTRACE, ANDROID }

    private final InputStream in;
    private final Format format;
    private final String source;
    private final Map<Long, Integer> threadIds = new HashMap<>();
    private final StringBuilder line = new StringBuilder();
    private long lineOffset, nextOffset, lineNo;
    private boolean done;
    private long firstTime = -1;
    private String pendingOld;          // mtrace: the "<" line waiting for its ">"
    private long pendingOldOffset;
    private boolean pendingEvent;       // a parsed event held back behind its thread's start

    private Op heldOp;
    private long heldSize, heldAlign, heldIn, heldOut, heldTime;

    public static TextTraceReader open(Path path, Format format) throws IOException {
        return new TextTraceReader(new BufferedInputStream(Files.newInputStream(path), 1 << 16), format, path.toString());
    }

    TextTraceReader(InputStream in, Format format, String source) {
        super(source);
        this.in = in;
        this.format = format;
        this.source = source;
    }

    public Format format() { return format; }

    @Override
    public boolean next() {
        if (pendingEvent) {
            pendingEvent = false;
            return apply(heldOp, heldSize, heldAlign, heldIn, heldOut, heldTime);
        }
        while (!done) {
            if (!readLine()) { done = true; break; }
            String text = line.toString().strip();
            if (text.isEmpty()) continue;
            Boolean r = format == Format.MTRACE ? mtrace(text) : android(text);
            if (r == null) { done = true; return false; }
            if (r) return true;
        }
        return false;
    }

    private boolean readLine() {
        line.setLength(0);
        lineOffset = nextOffset;
        try {
            int b = in.read();
            if (b < 0) return false;
            while (b >= 0 && b != '\n') {
                line.append((char) b);   // the formats are ASCII; other bytes stay distinct
                nextOffset++;
                if (line.length() > 1 << 16) { stop(0, "line longer than 65536 bytes"); return false; }
                b = in.read();
            }
            if (b == '\n') nextOffset++;
            lineNo++;
            return true;
        } catch (IOException e) {
            stop(0, "cannot read: " + e.getMessage());
            return false;
        }
    }

    private void stop(int col, String message) {
        problems.stop(lineOffset, "line " + lineNo + ":" + (col + 1) + ": " + message);
    }

    /** True: an event is current; false: the line had none; null: bad line, reading stops. */
    private Boolean mtrace(String text) {
        String[] t = text.split("\\s+");
        int i = 0;
        if (t[0].equals("=")) return false;            // "= Start", "= End"
        while (i < t.length && !(t[i].length() == 1 && "+-<>!".indexOf(t[i].charAt(0)) >= 0)) i++;
        if (i == t.length) { stop(0, "no + - < > ! in an mtrace line"); return null; }
        char kind = t[i].charAt(0);
        long a = hex(t, i + 1, text);
        if (a < 0) return null;
        switch (kind) {
            case '+' -> {
                long n = hex(t, i + 2, text);
                if (n < 0) return null;
                return event(0, Op.MALLOC, n, 0, 0, a, 0);
            }
            case '-' -> { return event(0, Op.FREE, 0, 0, a, 0, 0); }
            case '<' -> {
                pendingOld = t[i + 1];
                pendingOldOffset = lineOffset;
                return false;
            }
            case '>' -> {
                long n = hex(t, i + 2, text);
                if (n < 0) return null;
                long old = pendingOld == null ? 0 : parseHex(pendingOld);
                pendingOld = null;
                return event(0, Op.REALLOC, n, 0, old, a, 0);
            }
            default -> { return false; }               // '!': a realloc that failed changes nothing
        }
    }

    private Boolean android(String text) {
        int colon = text.indexOf(':');
        long tid;
        try {
            tid = Long.parseLong(text.substring(0, Math.max(colon, 0)));
        } catch (NumberFormatException e) {
            stop(0, "expected THREAD_ID: at the start of the line");
            return null;
        }
        String[] t = text.substring(colon + 1).strip().split("\\s+");
        int args = switch (t[0]) {
            case "malloc", "free", "thread_done" -> t[0].equals("malloc") ? 2 : 1;
            case "calloc", "realloc", "memalign" -> 3;
            default -> -1;
        };
        if (args < 0) { stop(colon + 2, "unknown call '" + t[0] + "'"); return null; }
        if (t.length != 1 + args && t.length != 3 + args) {
            stop(colon + 2, t[0] + " takes " + args + " values (and optionally start and end times), found " + (t.length - 1));
            return null;
        }
        long[] v = new long[t.length - 1];
        for (int k = 1; k < t.length; k++) {
            v[k - 1] = t[k].startsWith("0x") ? parseHex(t[k]) : parseDec(t[k]);
            if (v[k - 1] < 0) { stop(text.indexOf(t[k], colon), "bad number '" + t[k] + "'"); return null; }
        }
        long when = 0;
        if (t.length == 3 + args) {
            if (firstTime < 0) firstTime = v[args];
            when = Math.max(0, v[args] - firstTime);
        }
        return switch (t[0]) {
            case "malloc" -> event(tid, Op.MALLOC, v[1], 0, 0, v[0], when);
            case "free" -> v[0] == 0 ? false : event(tid, Op.FREE, 0, 0, v[0], 0, when);
            case "calloc" -> event(tid, Op.CALLOC, HstraceReader.product(v[1], v[2]), 0, 0, v[0], when);
            case "realloc" -> event(tid, Op.REALLOC, v[2], 0, v[1], v[0], when);
            case "memalign" -> event(tid, Op.MEMALIGN, v[2], v[1], 0, v[0], when);
            default -> event(tid, Op.THREAD_EXIT, 0, 0, 0, 0, when);
        };
    }

    private long hex(String[] t, int i, String text) {
        if (i >= t.length) { stop(text.length(), "missing value"); return -1; }
        long v = parseHex(t[i]);
        if (v < 0) stop(text.indexOf(t[i]), "bad hex number '" + t[i] + "'");
        return v;
    }

    private static long parseHex(String s) {
        try {
            return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseDec(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private boolean event(long osThread, Op o, long n, long align, long inAddr, long outAddr, long when) {
        Integer id = threadIds.get(osThread);
        if (id == null) {
            id = threadIds.size();
            threadIds.put(osThread, id);
            heldOp = o; heldSize = n; heldAlign = align; heldIn = inAddr; heldOut = outAddr; heldTime = when;
            pendingEvent = true;
            thread = id;
            return set(Op.THREAD_START, 0, 0, 0, 0, when);
        }
        thread = id;
        return apply(o, n, align, inAddr, outAddr, when);
    }

    private boolean apply(Op o, long n, long align, long inAddr, long outAddr, long when) {
        freed = 0;
        created = 0;
        boolean ok = set(o, n, align, inAddr, outAddr, when);
        if (inAddr != 0) {
            freed = objects.remove(inAddr);
            if (freed == 0) problems.unknownFree(o == Op.REALLOC && format == Format.MTRACE ? pendingOldOffset : lineOffset);
        }
        if (outAddr != 0) created = objects.allocate(outAddr);
        return ok;
    }

    private boolean set(Op o, long n, long align, long inAddr, long outAddr, long when) {
        op = o;
        seq++;
        time = when;
        size = n;
        alignment = align;
        offset = lineOffset;
        freed = 0;
        created = 0;
        return true;
    }



    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // read-only input
        }
    }

    @Override
    public String toString() { return source + " (" + format + ")"; }
}
