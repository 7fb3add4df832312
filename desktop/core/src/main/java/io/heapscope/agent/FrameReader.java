package io.heapscope.agent;

import java.nio.charset.StandardCharsets;

/** Reads little-endian fields of one reply frame, naming the offset of anything short. */
final class FrameReader {
    private final byte[] frame;
    private final String what;
    private int pos;
    private int limit;

    /** A reader over a whole frame, positioned after the header. */
    FrameReader(byte[] frame, String what) {
        this.frame = frame;
        this.what = what;
        this.pos = Protocol.HEADER_SIZE;
        this.limit = frame.length;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return limit - pos;
    }

    /** Limits reading to the next {@code n} bytes (a record); returns the old limit. */
    int pushLimit(int n) {
        need(n);
        int old = limit;
        limit = pos + n;
        return old;
    }

    /** Skips whatever the record left unread and restores the outer limit. */
    void popLimit(int old) {
        pos = limit;
        limit = old;
    }

    private void need(int n) {
        if (n < 0 || limit - pos < n) {
            throw new AgentProtocolException(what + " ends early: " + n + " more bytes needed", pos);
        }
    }

    int u8() {
        need(1);
        return frame[pos++] & 0xFF;
    }

    int u16() {
        need(2);
        int v = (frame[pos] & 0xFF) | (frame[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    long u32() {
        need(4);
        long v = 0;
        for (int i = 0; i < 4; i++) v |= (long) (frame[pos + i] & 0xFF) << (8 * i);
        pos += 4;
        return v;
    }

    int i32() {
        return (int) u32();
    }

    /** A u32 count of items of at least {@code minSize} bytes each, checked against what is left. */
    int count(int minSize) {
        long v = u32();
        if (v * Math.max(1, minSize) > remaining()) {
            throw new AgentProtocolException(what + ": implausible count " + v, pos - 4);
        }
        return (int) v;
    }

    long u64() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (long) (frame[pos + i] & 0xFF) << (8 * i);
        pos += 8;
        return v;
    }

    String str() {
        int n = u16();
        return bytes(n);
    }

    String bytes(int n) {
        need(n);
        String s = new String(frame, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    boolean bool() {
        return u8() != 0;
    }

    AgentProtocolException error(String message) {
        return new AgentProtocolException(what + ": " + message, pos);
    }
}
