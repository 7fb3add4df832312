package io.heapscope.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Mutated recordings (flipped bytes, cuts, inserted and deleted runs) for a bounded time: the
 *  reader either refuses the file with a TraceFormatException or reads a prefix and ends; never
 *  another exception, never more events than the record headers announce. */
class TraceFuzzTest {
    /** Mutated traces per run: a fixed count from a fixed seed, so the test is the same on a loaded machine. */
    private static final int CASES = 200;

    @Test
    void mutatedTracesEndCleanly(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.hstrace");
        assertEquals(0, Recordings.record(good, List.of("sort", "-n", "/etc/services")));
        byte[] base = Files.readAllBytes(good);
        Random rnd = new Random(12);
        Path f = dir.resolve("m.hstrace");
        int cases = 0, refused = 0, stopped = 0;
        while (cases < CASES) {
            byte[] m = mutate(base, rnd);
            Files.write(f, m);
            cases++;
            try (HstraceReader r = HstraceReader.open(f)) {
                long n = 0;
                while (r.next()) {
                    n++;
                    if (n > r.announcedEvents()) fail("more events than announced, case " + cases);
                }
                if (r.problems().stoppedEarly()) {
                    stopped++;
                    assertTrue(r.problems().errorMessage().contains("byte offset "), r.problems().errorMessage());
                    assertTrue(r.problems().errorOffset() >= 0 && r.problems().errorOffset() <= m.length);
                }
            } catch (TraceFormatException e) {
                refused++;
                assertTrue(e.getMessage().contains("byte offset "), e.getMessage());
            }
        }
        assertTrue(stopped > 0 && refused > 0, "stopped " + stopped + ", refused " + refused);
    }

    private static byte[] mutate(byte[] b, Random rnd) {
        byte[] m = b.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> { for (int i = rnd.nextInt(8) + 1; i > 0; i--) m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256); }
            case 1 -> m = java.util.Arrays.copyOf(m, rnd.nextInt(m.length));
            case 2 -> {
                int at = rnd.nextInt(m.length), len = Math.min(rnd.nextInt(32) + 1, m.length - at);
                byte[] out = new byte[m.length - len];
                System.arraycopy(m, 0, out, 0, at);
                System.arraycopy(m, at + len, out, at, m.length - at - len);
                m = out;
            }
            default -> {
                int at = rnd.nextInt(m.length), len = rnd.nextInt(32) + 1;
                byte[] out = new byte[m.length + len];
                System.arraycopy(m, 0, out, 0, at);
                for (int i = 0; i < len; i++) out[at + i] = (byte) rnd.nextInt(256);
                System.arraycopy(m, at, out, at + len, m.length - at);
                m = out;
            }
        }
        return m;
    }
}
