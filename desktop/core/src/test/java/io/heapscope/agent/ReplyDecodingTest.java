package io.heapscope.agent;

import io.heapscope.model.BlockState;
import io.heapscope.model.Page;
import io.heapscope.model.Removed;
import io.heapscope.model.Snapshot;
import io.heapscope.model.SnapshotDelta;
import io.heapscope.model.Span;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decoding replies built byte by byte as PROTOCOL.md describes them. */
class ReplyDecodingTest {
    private static FrameWriter snapshotHead(int kind, int flags, long serial, long base) {
        return new FrameWriter(Protocol.REP_SNAPSHOT, 9).u8(kind).u8(flags).u16(0).u64(serial).u64(base).u64(42).u64(7);
    }

    private static void process(FrameWriter w) {
        w.u8(Protocol.REC_PROCESS).u32(32).u64(1 << 20).u64(2 << 20).u64(3 << 20).u64(4096);
    }

    private static void segment(FrameWriter w, long address) {
        w.u8(Protocol.REC_SEGMENT).u32(8 + 8 + 1 + 1 + 2 + 4 + 8 + 8 + 16 + 128 + 40 + 4 + 2 * 9);
        w.u64(address).u64(32 << 20).u8(0).u8(0).u16(1).u32(0xFFFF_FFFFL).u64(3).u64(0xABC)
                .u32(512).u32(1).u32(1).u32(0);
        for (int i = 0; i < 16; i++) w.u64(i == 0 ? 0b11 : 0);
        w.u64(0).u64(-1).u64(0).u64(0).u64(0);
        w.u32(2).u32(0).u32(1).u8(0).u32(1).u32(511).u8(1);
    }

    private static void page(FrameWriter w, long segment, long start) {
        w.u8(Protocol.REC_PAGE).u32(8 + 8 + 4 + 4 + 4 + 8 + 8 * 4 + 8 + 8 + 2 + 1 + 4 + 5 * 2);
        w.u64(segment).u64(start).u32(1).u32(1).u8(0).u8(2).u8(0b101).u8(5).u64(64)
                .u32(64).u32(1024).u32(8).u32(56).u32(0).u32(1).u32(0).u32(0).u64(0x7000).u64(0xABC).u16(1);
        w.u8(1).u32(2).u8(BlockState.IN_USE.ordinal()).u32(64).u8(BlockState.UNEXTENDED.ordinal()).u32(960);
    }

    @Test
    void decodesAFullSnapshot() {
        FrameWriter w = snapshotHead(0, Protocol.SNAP_BLOCKS, 1, 0);
        process(w);
        segment(w, 0x4000_0000L);
        page(w, 0x4000_0000L, 0x4001_0080L);
        w.u8(77).u32(3).u8(1).u8(2).u8(3);   // a record this client does not know: skipped
        w.u8(Protocol.REC_THREAD).u32(2 + 2 + 4 + 8 * 4 + 4 + 16)
                .u16(1).u8(1).u8(0).u32(1234).u64(0xABC).u64(0x7000).u64(0x7000).u64(99).u32(1).u64(5).u64(0);
        w.u8(Protocol.REC_END).u32(0);
        Snapshot s = assertInstanceOf(Snapshot.class, SnapshotDecoder.decode(w.finish()));
        assertEquals(1 << 20, s.process().rss());
        assertEquals(42, s.opSerial());
        assertEquals(7, s.clockMs());
        assertEquals(List.of(new Span(0, 1, Span.State.META), new Span(1, 511, Span.State.PAGE)), s.segments().getFirst().spans());
        assertEquals(-1, s.segments().getFirst().arenaId());
        assertTrue(s.segments().getFirst().commitMask().get(1));
        Page p = s.pages().getFirst();
        assertEquals(Page.DelayedState.NO_DELAYED, p.delayedState());
        assertTrue(p.inFull() && p.committed());
        assertEquals(1, p.thread());
        assertEquals(BlockState.UNEXTENDED, p.blocks().state(64));
        assertEquals(1024, p.blocks().blockCount());
        assertEquals(5, s.thread(1).orElseThrow().pendingThreadFree());
    }

    @Test
    void decodesADeltaAndAppliesIt() {
        FrameWriter w = snapshotHead(0, 0, 1, 0);
        process(w);
        segment(w, 0x4000_0000L);
        segment(w, 0x6000_0000L);
        page(w, 0x4000_0000L, 0x4001_0080L);
        page(w, 0x6000_0000L, 0x6001_0080L);
        w.u8(0).u32(0);
        Snapshot before = (Snapshot) SnapshotDecoder.decode(w.finish());

        w = snapshotHead(1, 0, 2, 1);
        process(w);
        w.u8(Protocol.REC_REMOVED).u32(9).u8(1).u64(0x6000_0000L);
        page(w, 0x4000_0000L, 0x4002_0080L);
        w.u8(0).u32(0);
        SnapshotDelta d = assertInstanceOf(SnapshotDelta.class, SnapshotDecoder.decode(w.finish()));
        assertEquals(List.of(new Removed(Removed.What.SEGMENT, 0x6000_0000L)), d.removed());
        Snapshot after = before.apply(d);
        assertEquals(2, after.serial());
        assertEquals(1, after.segments().size());
        assertEquals(List.of(0x4001_0080L, 0x4002_0080L), after.pages().stream().map(Page::pageStart).toList(),
                "the removed segment took its page along; the new page is in address order");
        assertThrows(IllegalArgumentException.class, () -> after.apply(d), "a delta applies only to its base");
    }

    @Test
    void aShortRecordNamesTheOffset() {
        FrameWriter w = snapshotHead(0, 0, 1, 0);
        w.u8(Protocol.REC_PROCESS).u32(8).u64(1);   // PROCESS needs 32 bytes
        w.u8(0).u32(0);
        AgentProtocolException e = assertThrows(AgentProtocolException.class, () -> SnapshotDecoder.decode(w.finish()));
        assertEquals(12 + 36 + 5 + 8, e.offset());
    }

    @Test
    void decodesAnErrorWithItsPartialResults() {
        FrameWriter w = new FrameWriter(Protocol.REP_ERROR, 3).u16(6).u16(0).u32(1).u32(28).str("FREE: already freed: handle 1");
        w.u64(100).u32(1).u8(Protocol.OP_ALLOC).u8(0).u16(0).u32(1).u64(0x1000).u64(16).u64(0).str("");
        w.u32(0).u32(1).u16(5).u16(0).u32(0).u64(0x100).u64(0x1000).u64(0x1000).u64(16).u64(1);
        AgentErrorException e = ReplyDecoder.error(w.finish(), List.of("A", "B", "C", "D", "E", "PAGE_ALLOC"));
        assertEquals(ErrorCode.HANDLE_FREED, e.code());
        assertEquals(1, e.opIndex().orElseThrow());
        assertEquals(28, e.offset());
        assertTrue(e.getMessage().contains("op 1, frame offset 28"), e.getMessage());
        assertEquals(0x1000, e.partial().result(0).address());
        assertEquals("PAGE_ALLOC", e.partial().events().getFirst().kind());
        assertEquals(100, e.partial().events().getFirst().opSerial());
    }
}
