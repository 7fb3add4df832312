package io.heapscope.agent;

import io.heapscope.model.Event;
import io.heapscope.model.ThreadInfo;

import java.util.ArrayList;
import java.util.List;

/** Decodes HELLO, RESULT, ERROR and FREE_LIST replies (PROTOCOL.md §4). */
final class ReplyDecoder {
    private ReplyDecoder() {}

    static Hello hello(byte[] frame) {
        FrameReader r = new FrameReader(frame, "HELLO");
        int protocol = r.u16();
        r.u16();
        String version = r.str();
        String backend = r.str();
        String allocator = r.str();
        long pid = r.u32();
        int pageSize = r.i32();
        List<String> kinds = strings(r);
        List<String> options = strings(r);
        String design = r.remaining() > 0 ? r.str() : "";
        return new Hello(protocol, version, backend, allocator, pid, pageSize, kinds, options, design);
    }

    private static List<String> strings(FrameReader r) {
        int n = r.u16();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(r.str());
        return out;
    }

    static BatchResult result(byte[] frame, List<String> eventKinds) {
        FrameReader r = new FrameReader(frame, "RESULT");
        return resultBody(r, eventKinds);
    }

    private static BatchResult resultBody(FrameReader r, List<String> eventKinds) {
        long first = r.u64();
        int n = r.count(34);
        List<OpResult> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int code = r.u8();
            int status = r.u8();
            int thread = r.u16();
            int id = r.i32();
            long address = r.u64();
            long usable = r.u64();
            long value = r.u64();
            String message = r.str();
            if (status > 2) throw r.error("unknown result status " + status);
            results.add(new OpResult(i, code, OpResult.Status.values()[status], thread, id, address, usable, value, message));
        }
        int dropped = r.i32();
        int ne = r.count(Protocol.EVENT_SIZE);
        List<Event> events = new ArrayList<>(ne);
        for (int i = 0; i < ne; i++) {
            int kind = r.u16();
            int thread = r.u16();
            long op = r.u32();
            String name = kind < eventKinds.size() ? eventKinds.get(kind) : "EVENT_" + kind;
            events.add(new Event(name, thread == Protocol.THREAD_NONE ? ThreadInfo.NONE : thread, first + op, (int) op,
                    r.u64(), r.u64(), r.u64(), r.u64(), r.u64()));
        }
        return new BatchResult(first, results, events, dropped);
    }

    static AgentErrorException error(byte[] frame, List<String> eventKinds) {
        FrameReader r = new FrameReader(frame, "ERROR");
        int code = r.u16();
        r.u16();
        long opIndex = r.u32();
        long offset = r.u32();
        String message = r.str();
        BatchResult partial = resultBody(r, eventKinds);
        return new AgentErrorException(ErrorCode.of(code), opIndex, offset, message, partial);
    }

    /** FREE_LIST: the list's length and the first indices. */
    record FreeList(long length, int[] indices) {}

    static FreeList freeList(byte[] frame) {
        FrameReader r = new FrameReader(frame, "FREE_LIST");
        long length = r.u32();
        int n = r.count(4);
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) indices[i] = r.i32();
        return new FreeList(length, indices);
    }
}
