package io.heapscope.trace;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a .hstrace file (docs/trace-format.md) in program order. Opening scans the record
 * headers only (a few numbers per chunk of thousands of events); events are decoded one chunk
 * per thread at a time and merged across threads by sequence number.
 */
public final class HstraceReader extends EventFields {
    static final byte[] MAGIC = "HSTRACE\0".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int TAG_CHUNK = 'C';
    static final int TAG_INDEX = 'I';
    static final int MAX_THREADS = 1 << 16;
    static final int MAX_CHUNK = 1 << 24;

    private final RandomAccessFile file;
    private final TraceHeader header;
    /** Per chunk: file offset of its events, their length, count, first seq, base time, thread. */
    private long[] chunkAt = new long[64], chunkSeq = new long[64], chunkTime = new long[64];
    private int[] chunkLen = new int[64], chunkCount = new int[64], chunkThread = new int[64];
    private long[] chunkRecord = new long[64];
    private int chunks;
    private long events;
    private ThreadDecoder[] threads = new ThreadDecoder[0];

    // the current event

    public static HstraceReader open(Path path) throws IOException {
        return new HstraceReader(path);
    }

    private HstraceReader(Path path) throws IOException {
        super(path.toString());
        file = new RandomAccessFile(path.toFile(), "r");
        try {
            Scanner s = new Scanner(file, 0);
            byte[] magic = s.bytes(8);
            if (magic == null || !Arrays.equals(magic, MAGIC))
                throw new TraceFormatException(path + ": byte offset 0: not a .hstrace file (no HSTRACE magic)");
            int version = s.u8();
            if (version != VERSION)
                throw new TraceFormatException(path + ": byte offset 8: format version " + version + ", this reader reads " + VERSION);
            long pid = s.varint(), ppid = s.varint(), start = s.varint(), every = s.varint();
            String command = s.string(), under = s.string();
            if (s.bad) throw new TraceFormatException(path + ": byte offset " + s.pos + ": header truncated or corrupt");
            header = new TraceHeader("hstrace", version, pid, ppid, start, every, command, under);
            scanRecords(s);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public TraceHeader header() { return header; }

    /** Events the record headers announce (all of them if the file is whole). */
    public long announcedEvents() { return events; }

    public int threadCount() { return threads.length; }

    private void scanRecords(Scanner s) throws IOException {
        long length = file.length();
        while (s.pos < length) {
            long rec = s.pos;
            int tag = s.u8();
            if (tag == TAG_INDEX) {
                long k = s.varint();
                for (long i = 0; i < k && !s.bad; i++) { s.varint(); s.varint(); }
                if (s.bad || k > MAX_CHUNK) { problems.stop(rec, "index record truncated or corrupt"); return; }
                continue;
            }
            if (tag != TAG_CHUNK) { problems.stop(rec, "unknown record tag 0x" + Integer.toHexString(tag)); return; }
            long tid = s.varint(), len = s.varint(), count = s.varint(), first = s.varint(), base = s.varint();
            if (s.bad) { problems.stop(rec, "chunk header truncated"); return; }
            if (tid >= MAX_THREADS || len > MAX_CHUNK || count > len || count == 0) {
                problems.stop(rec, "corrupt chunk header (thread " + tid + ", " + len + " bytes, " + count + " events)");
                return;
            }
            if (s.pos + len > length) { problems.stop(rec, "chunk truncated (" + (length - s.pos) + " of " + len + " bytes)"); return; }
            addChunk(rec, s.pos, (int) len, (int) count, first, base, (int) tid);
            s.skip(len);
        }
    }

    private void addChunk(long rec, long at, int len, int count, long first, long base, int tid) {
        if (chunks == chunkAt.length) {
            int n = chunks * 2;
            chunkAt = Arrays.copyOf(chunkAt, n); chunkSeq = Arrays.copyOf(chunkSeq, n);
            chunkTime = Arrays.copyOf(chunkTime, n); chunkLen = Arrays.copyOf(chunkLen, n);
            chunkCount = Arrays.copyOf(chunkCount, n); chunkThread = Arrays.copyOf(chunkThread, n);
            chunkRecord = Arrays.copyOf(chunkRecord, n);
        }
        chunkRecord[chunks] = rec; chunkAt[chunks] = at; chunkLen[chunks] = len; chunkCount[chunks] = count;
        chunkSeq[chunks] = first; chunkTime[chunks] = base; chunkThread[chunks] = tid;
        chunks++;
        events += count;
        if (tid >= threads.length) threads = Arrays.copyOf(threads, tid + 1);
        if (threads[tid] == null) threads[tid] = new ThreadDecoder(tid);
        threads[tid].addChunk(chunks - 1);
    }

    @Override
    public boolean next() {
        if (threads.length == 0) return false;
        ThreadDecoder best = null;
        for (ThreadDecoder t : threads) {
            if (t == null) continue;
            if (!t.ready && !t.advance()) {
                if (t.failed) return false;
                continue;
            }
            if (best == null || t.seq < best.seq) best = t;
        }
        if (best == null) return false;
        op = best.op; thread = best.id; seq = best.seq; time = best.time; size = best.size;
        alignment = best.alignment; offset = best.offset;
        freed = 0; created = 0;
        if (best.in != 0) {
            freed = objects.remove(best.in);
            if (freed == 0) problems.unknownFree(offset);
        }
        boolean resize = op == Op.REALLOC || op == Op.REALLOCARRAY;
        if (resize && best.out == 0 && size != 0 && freed != 0) {   // failed: the block stays
            objects.put(best.in, freed);
            freed = 0;
        }
        if (best.out != 0) created = objects.allocate(best.out);
        best.ready = false;
        return true;
    }

    /** One thread's chunks in file order and the decoding state of its current one. */
    private final class ThreadDecoder {
        final int id;
        int[] queue = new int[8];
        int queued, taken;
        byte[] buf = new byte[0];
        int pos, end, left;
        long base;
        boolean ready, failed;
        Op op;
        long seq, time, size, alignment, in, out, addr, offset;

        ThreadDecoder(int id) { this.id = id; }

        void addChunk(int c) {
            if (queued == queue.length) queue = Arrays.copyOf(queue, queued * 2);
            queue[queued++] = c;
        }

        /** Decodes this thread's next event; false at its end or on a bad event (then failed). */
        boolean advance() {
            if (failed) return false;
            if (left == 0) {
                if (taken == queued) return false;
                int c = queue[taken++];
                if (!load(c)) return false;
            }
            int start = pos;
            offset = base + start;
            int h = u8();
            Op o = Op.of(h & 15);
            if (o == null) return fail(offset, "unknown op " + (h & 15));
            long step = h >>> 4;
            if (step == 15) step += varint();
            seq += step + 1;
            time += varint();
            in = 0; out = 0; size = 0; alignment = 0;
            switch (o) {
                case THREAD_START -> varint();
                case THREAD_EXIT -> { }
                case FREE -> in = addr = addr + zigzag(varint());
                case REALLOC, REALLOCARRAY -> {
                    in = addr = addr + zigzag(varint());
                    size = varint();
                    if (o == Op.REALLOCARRAY) size = product(size, varint());
                    out = addr = addr + zigzag(varint());
                }
                case CALLOC -> {
                    size = product(varint(), varint());
                    out = addr = addr + zigzag(varint());
                }
                case POSIX_MEMALIGN, ALIGNED_ALLOC, MEMALIGN -> {
                    alignment = varint();
                    size = varint();
                    out = addr = addr + zigzag(varint());
                }
                default -> {
                    size = varint();
                    out = addr = addr + zigzag(varint());
                }
            }
            if (pos > end) return fail(offset, "event runs past the end of its chunk");
            op = o;
            left--;
            if (left == 0 && pos != end) return fail(base + pos, "chunk has " + (end - pos) + " bytes after its last event");
            ready = true;
            return true;
        }

        private boolean load(int c) {
            try {
                if (buf.length < chunkLen[c]) buf = new byte[Math.max(chunkLen[c], 65536)];
                file.seek(chunkAt[c]);
                file.readFully(buf, 0, chunkLen[c]);
            } catch (IOException e) {
                return fail(chunkRecord[c], "cannot read chunk: " + e.getMessage());
            }
            base = chunkAt[c];
            pos = 0;
            end = chunkLen[c];
            left = chunkCount[c];
            seq = chunkSeq[c] - 1;
            time = chunkTime[c];
            addr = 0;
            return true;
        }

        private boolean fail(long at, String message) {
            failed = true;
            problems.stop(at, "thread " + id + ": " + message);
            return false;
        }

        private int u8() { return pos < end ? buf[pos++] & 0xFF : (pos++ & 0); }

        private long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) { pos = end + 1; return 0; }
                int b = buf[pos++] & 0xFF;
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) return v;
            }
            pos = end + 1;
            return 0;
        }
    }

    static long zigzag(long v) { return (v >>> 1) ^ -(v & 1); }

    static long product(long a, long b) {
        return (a != 0 && (Math.multiplyHigh(a, b) != 0 || a * b < 0)) ? Long.MAX_VALUE : a * b;
    }



    @Override
    public void close() {
        try {
            file.close();
        } catch (IOException ignored) {
            // read-only file: nothing is lost
        }
    }

    /** Buffered sequential reads with the byte offset; sets bad instead of throwing at the end. */
    private static final class Scanner {
        private final RandomAccessFile file;
        private final byte[] buf = new byte[65536];
        private long bufStart;
        private int bufLen;
        long pos;
        boolean bad;

        Scanner(RandomAccessFile file, long pos) {
            this.file = file;
            this.pos = pos;
            this.bufStart = pos;
        }

        int u8() throws IOException {
            if (pos < bufStart || pos >= bufStart + bufLen) {
                file.seek(pos);
                bufStart = pos;
                bufLen = Math.max(0, file.read(buf));
                if (bufLen == 0) { bad = true; pos++; return 0; }
            }
            return buf[(int) (pos++ - bufStart)] & 0xFF;
        }

        long varint() throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                if (bad) return 0;
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) return v;
            }
            bad = true;
            return 0;
        }

        byte[] bytes(int n) throws IOException {
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) out[i] = (byte) u8();
            return bad ? null : out;
        }

        String string() throws IOException {
            long n = varint();
            if (bad || n > 1 << 20) { bad = true; return ""; }
            byte[] b = bytes((int) n);
            return b == null ? "" : new String(b, StandardCharsets.UTF_8);
        }

        void skip(long n) { pos += n; }
    }
}
