package io.heapscope.trace;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A recorded run of native/recorder/test-recorded.c read back: every call, both threads, program
 *  order, frees paired with their allocations across threads; cut and foreign files. */
class HstraceReaderTest {
    @TempDir
    static Path dir;
    static Path trace;

    @BeforeAll
    static void record() throws Exception {
        trace = dir.resolve("t.hstrace");
        assertEquals(0, Recordings.record(trace, List.of(Recordings.testProgram().toString())));
    }

    @Test
    void readsEveryCallInProgramOrderWithFreesPaired() throws IOException {
        Map<Op, Integer> counts = new EnumMap<>(Op.class);
        Map<Long, Integer> allocatedBy = new HashMap<>();
        Map<Long, Long> sizeOf = new HashMap<>();
        int crossThreadFrees = 0, workerMallocs = 0;
        long lastSeq = 0;
        long[] lastTime = new long[8];
        try (HstraceReader r = HstraceReader.open(trace)) {
            assertTrue(r.header().command().endsWith("test-recorded"), r.header().command());
            assertTrue(r.header().under().startsWith("glibc "), r.header().under());
            assertEquals(65536, r.header().indexEvery());
            while (r.next()) {
                counts.merge(r.op(), 1, Integer::sum);
                assertTrue(r.seq() > lastSeq, "program order at offset " + r.offset());
                lastSeq = r.seq();
                assertTrue(r.timeNs() >= lastTime[r.thread()], "time goes back at offset " + r.offset());
                lastTime[r.thread()] = r.timeNs();
                if (r.freedObject() != 0) {
                    assertTrue(allocatedBy.containsKey(r.freedObject()), "freed before allocated");
                    if (allocatedBy.remove(r.freedObject()) != r.thread()) crossThreadFrees++;
                }
                if (r.newObject() != 0) {
                    allocatedBy.put(r.newObject(), r.thread());
                    sizeOf.put(r.newObject(), r.size());
                }
                if (r.op() == Op.MALLOC && r.thread() == 1) {
                    workerMallocs++;
                    assertEquals(16 + (workerMallocs - 1) % 200, r.size());
                }
                if (r.op() == Op.MEMALIGN) assertEquals(4096, r.alignment());
                if (r.op() == Op.POSIX_MEMALIGN) { assertEquals(256, r.alignment()); assertEquals(1000, r.size()); }
                if (r.op() == Op.ALIGNED_ALLOC) { assertEquals(64, r.alignment()); assertEquals(640, r.size()); }
                if (r.op() == Op.REALLOCARRAY) assertEquals(63, r.size());
            }
            assertFalse(r.problems().stoppedEarly(), r.problems().errorMessage());
            assertEquals(0, r.problems().unknownFrees(), r.problems().unknownFreesMessage());
            assertEquals(allocatedBy.size(), r.liveObjects());
            assertEquals(2, r.threadCount());
        }
        assertEquals(20000, workerMallocs);
        assertEquals(20000, crossThreadFrees, "the main thread frees every block of the worker");
        for (Op op : List.of(Op.CALLOC, Op.REALLOC, Op.POSIX_MEMALIGN, Op.ALIGNED_ALLOC, Op.MEMALIGN, Op.VALLOC,
                Op.PVALLOC, Op.REALLOCARRAY))
            assertTrue(counts.getOrDefault(op, 0) >= 1, op + " recorded");
        assertEquals(2, counts.get(Op.THREAD_START));
        assertEquals(2, counts.get(Op.THREAD_EXIT));
    }

    @Test
    void theForkedChildWritesItsOwnTrace() throws IOException {
        try (var files = Files.list(dir)) {
            Path child = files.filter(p -> p.getFileName().toString().startsWith("t.hstrace.")).findFirst().orElseThrow();
            try (HstraceReader r = HstraceReader.open(child)) {
                int mallocs = 0;
                while (r.next()) if (r.op() == Op.MALLOC && r.size() == 33) mallocs++;
                assertEquals(500, mallocs);
                assertEquals(0, r.problems().unknownFrees());
                assertFalse(r.problems().stoppedEarly());
            }
        }
    }

    @Test
    void aCutTraceReadsUpToItsLastGoodEventAndSaysWhere() throws IOException {
        long whole = countEvents(trace);
        byte[] bytes = Files.readAllBytes(trace);
        Path cut = dir.resolve("cut.hstrace");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 50));
        try (HstraceReader r = HstraceReader.open(cut)) {
            long n = 0;
            while (r.next()) n++;
            assertTrue(n > 0 && n < whole, n + " of " + whole);
            assertTrue(r.problems().stoppedEarly());
            String m = r.problems().errorMessage();
            assertNotNull(m);
            assertTrue(m.matches(".*cut\\.hstrace: byte offset \\d+: chunk truncated.*"), m);
            assertTrue(r.problems().errorOffset() < bytes.length - 50);
        }
    }

    @Test
    void aCrashedProgramLeavesItsFlushedEvents() throws Exception {
        Path crash = dir.resolve("crash.hstrace");
        int status = Recordings.record(crash, List.of(Recordings.testProgram().toString(), "crash"));
        assertTrue(status != 0, "the program aborts");
        long n = countEvents(crash);
        assertTrue(n >= 100_000 && n <= 200_010, n + " events of about 200000");
    }

    @Test
    void notATraceSaysSoAtOffsetZero(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("x.hstrace");
        Files.writeString(f, "hello, this is not a trace\n");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> Traces.open(f));
        assertTrue(e.getMessage().contains("byte offset 0"), e.getMessage());
    }

    static long countEvents(Path p) throws IOException {
        try (HstraceReader r = HstraceReader.open(p)) {
            long n = 0;
            while (r.next()) n++;
            return n;
        }
    }
}
