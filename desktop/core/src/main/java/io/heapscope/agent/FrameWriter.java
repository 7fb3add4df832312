package io.heapscope.agent;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds one request frame, little-endian (PROTOCOL.md §1–3). Package-private codec. */
final class FrameWriter {
    private byte[] buf = new byte[256];
    private int len;

    FrameWriter(int type, int seq) {
        u32(0);                 // length, filled by finish()
        u8(Protocol.VERSION);
        u8(type);
        u16(0);
        u32(seq);
    }

    private void ensure(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    FrameWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    FrameWriter u16(int v) {
        ensure(2);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        return this;
    }

    FrameWriter u32(long v) {
        ensure(4);
        for (int i = 0; i < 4; i++) buf[len++] = (byte) (v >>> (8 * i));
        return this;
    }

    FrameWriter u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) buf[len++] = (byte) (v >>> (8 * i));
        return this;
    }

    FrameWriter str(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) throw new IllegalArgumentException("string longer than 65535 bytes");
        u16(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    int size() {
        return len;
    }

    byte[] finish() {
        int n = len;
        for (int i = 0; i < 4; i++) buf[i] = (byte) (n >>> (8 * i));
        return Arrays.copyOf(buf, len);
    }

    // ------------------------------------------------------------------ requests

    static byte[] empty(int type, int seq) {
        return new FrameWriter(type, seq).finish();
    }

    static byte[] snapshot(int seq, boolean delta, SnapshotOptions options) {
        return new FrameWriter(Protocol.REQ_SNAPSHOT, seq)
                .u8(delta ? Protocol.SNAP_DELTA : Protocol.SNAP_FULL).u8(options.flags()).u16(0).finish();
    }

    static byte[] freeList(int seq, long pageStart, int list, int max) {
        return new FrameWriter(Protocol.REQ_FREE_LIST, seq).u64(pageStart).u8(list).u8(0).u16(0).u32(max).finish();
    }

    static byte[] batch(int seq, Batch batch) {
        FrameWriter w = new FrameWriter(Protocol.REQ_BATCH, seq);
        w.u8(batch.mode() == Batch.Mode.LOCKSTEP ? 0 : 1).u8(0).u16(0).u32(batch.ops().size());
        for (Op op : batch.ops()) w.op(op);
        return w.finish();
    }

    private void op(Op op) {
        int flags = switch (op) {
            case Op.Alloc a -> a.zeroed() ? 1 : 0;
            case Op.Collect c -> c.force() ? 1 : 0;
            case Op.Free f -> f.again() ? 1 : 0;
            case Op.ThreadStart t -> t.processMain() ? 1 : 0;
            default -> 0;
        };
        u8(op.code()).u8(flags).u16(op.thread());
        switch (op) {
            case Op.Alloc a -> u32(a.handle()).u32(a.heap()).u64(a.size()).u32(a.alignment());
            case Op.Realloc r -> u32(r.handle()).u64(r.size());
            case Op.Free f -> u32(f.handle());
            case Op.Touch t -> u32(t.handle()).u8(t.value()).u8(0).u16(0).u64(t.offset()).u64(t.length());
            case Op.HeapNew h -> u32(h.heap());
            case Op.HeapDelete h -> u32(h.heap());
            case Op.HeapDestroy h -> u32(h.heap());
            case Op.HeapSetDefault h -> u32(h.heap());
            case Op.Collect c -> u32(c.heap());
            case Op.ThreadStart t -> { }
            case Op.ThreadPark t -> { }
            case Op.ThreadExit t -> { }
            case Op.Advance a -> u64(a.millis());
            case Op.SetOption s -> u64(s.value()).str(s.name());
            case Op.Validate v -> { }
            case Op.Crash c -> u8(c.how().ordinal());
        }
    }
}
