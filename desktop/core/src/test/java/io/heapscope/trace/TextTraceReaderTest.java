package io.heapscope.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** glibc mtrace(3) and Android record_allocs logs, in the documented line formats. */
class TextTraceReaderTest {
    private static List<String> read(Path p, TraceCursor[] keep) throws IOException {
        List<String> out = new ArrayList<>();
        TraceCursor r = Traces.open(p);
        keep[0] = r;
        while (r.next())
            out.add(r.thread() + " " + r.op().traceName + " size=" + r.size() + " align=" + r.alignment()
                    + " freed=" + r.freedObject() + " new=" + r.newObject() + " t=" + r.timeNs());
        r.close();
        return out;
    }

    @Test
    void mtraceLog(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("m.log");
        Files.writeString(f, """
                = Start
                @ ./prog:[0x401156] + 0x4052a0 0x64
                @ ./prog:[0x401164] + 0x405310 0x20
                @ ./prog:[0x401172] < 0x4052a0
                @ ./prog:[0x401172] > 0x405340 0x3e8
                @ ./prog:[0x401180] - 0x405310
                @ [0x7f01] ! 0x405340 0xffffffffff
                @ ./prog:[0x40118e] - 0x999990
                = End
                """);
        TraceCursor[] r = new TraceCursor[1];
        assertEquals(List.of(
                "0 thread-start size=0 align=0 freed=0 new=0 t=0",
                "0 malloc size=100 align=0 freed=0 new=1 t=0",
                "0 malloc size=32 align=0 freed=0 new=2 t=0",
                "0 realloc size=1000 align=0 freed=1 new=3 t=0",
                "0 free size=0 align=0 freed=2 new=0 t=0",
                "0 free size=0 align=0 freed=0 new=0 t=0"), read(f, r));
        TraceProblems p = r[0].problems();
        assertEquals(1, p.unknownFrees());
        long offset = Files.readString(f).indexOf("@ ./prog:[0x40118e]");
        assertEquals(List.of(offset), p.firstUnknownFreeOffsets());
        assertTrue(p.unknownFreesMessage().contains("1 free(s) of unknown objects skipped, first at byte offset(s) [" + offset + "]"));
    }

    @Test
    void androidRecordAllocsWithAndWithoutTimes(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("record_allocs.txt");
        Files.writeString(f, """
                186: malloc 0xb6038060 20 1000 1100
                186: calloc 0xb6038080 4 8 2000 2050
                187: malloc 0xb6039000 300 2500 2600
                186: realloc 0xb6038100 0xb6038060 40 3000 3100
                187: free 0xb6038080 4000 4010
                186: memalign 0x85423660 16 104 5000 5100
                187: thread_done 0x0 6000 6000
                """);
        TraceCursor[] r = new TraceCursor[1];
        assertEquals(List.of(
                "0 thread-start size=0 align=0 freed=0 new=0 t=0",
                "0 malloc size=20 align=0 freed=0 new=1 t=0",
                "0 calloc size=32 align=0 freed=0 new=2 t=1000",
                "1 thread-start size=0 align=0 freed=0 new=0 t=1500",
                "1 malloc size=300 align=0 freed=0 new=3 t=1500",
                "0 realloc size=40 align=0 freed=1 new=4 t=2000",
                "1 free size=0 align=0 freed=2 new=0 t=3000",
                "0 memalign size=104 align=16 freed=0 new=5 t=4000",
                "1 thread-exit size=0 align=0 freed=0 new=0 t=5000"), read(f, r));
        assertEquals(0, r[0].problems().unknownFrees());
    }

    @Test
    void aBadLineStopsTheReadingWithLineColumnAndOffset(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "10: malloc 0x1000 20\n10: mallco 0x2000 20\n10: free 0x1000\n");
        TraceCursor[] r = new TraceCursor[1];
        assertEquals(2, read(f, r).size());
        assertEquals(f + ": byte offset 21: line 2:5: unknown call 'mallco'; read up to the last good event",
                r[0].problems().errorMessage());
    }
}
