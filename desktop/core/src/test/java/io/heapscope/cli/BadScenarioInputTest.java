package io.heapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario files a user may hand the command line by mistake: each ends with a clear error that
 * says where (file:line:col), the documented status, and no stack trace.
 */
class BadScenarioInputTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private Path file(String name, String text) throws IOException {
        return file(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static CliTest.Result run(Path scenario) {
        CliTest.Result r = CliTest.cli("run", scenario.toString(), "--no-progress");
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        return r;
    }

    @Test
    void aTebibyteBlockIsRefusedAtItsStatement() throws IOException {
        Path p = file("huge.scenario", "thread main\nmain: keep = malloc 64 B\nmain: a = malloc 1 TiB\n");
        CliTest.Result r = run(p);
        assertEquals(ExitCode.AGENT_FAILED.status(), r.status(), r.err());
        assertTrue(r.err().contains(p + ":3:1: the agent refused Alloc on main"), r.err());
        assertTrue(r.err().contains("BAD_ARGUMENT") && r.err().contains("17179869184"), "says the limit: " + r.err());
    }

    @Test
    void twoToTheSixtyFourBytesDoNotCompile() throws IOException {
        Path p = file("huge64.scenario", "thread main\nmain: a = malloc 18446744073709551616 B\n");
        CliTest.Result r = run(p);
        assertEquals(ExitCode.SCENARIO_ERROR.status(), r.status(), r.err());
        assertTrue(r.err().contains(p + ":2:18: error: number is too large"), r.err());
    }

    @Test
    void aBillionIterationsAreRefusedBeforeAnythingRuns() throws IOException {
        Path p = file("iterations.scenario", "thread main\nmain: for i in 0..1000000000 {\n  a[i] = malloc 16 B\n}\n");
        long t0 = System.nanoTime();
        CliTest.Result r = run(p);
        assertEquals(ExitCode.SCENARIO_ERROR.status(), r.status(), r.err());
        assertTrue(r.err().contains(p + ":3:3: error: the scenario unrolls to more than 20,000,000"), r.err());
        assertTrue(r.err().contains("nothing was run"), r.err());
        assertTrue(System.nanoTime() - t0 < 60_000_000_000L, "refused without unrolling a billion iterations");
    }

    @Test
    void aTenMegabyteFileOfNonsenseShowsItsFirstErrorsAndHowManyMore() throws IOException {
        Path p = dir.resolve("ten-mb.scenario");
        String[] words = {"main:", "malloc", "free", "{", "}", "for", "in", "0..", "x", "=", "KiB", "expect"};
        Random rnd = new Random(10);
        try (Writer w = Files.newBufferedWriter(p)) {
            w.write("thread main\n");
            for (long written = 0; written < 10_000_000; ) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < 8; i++) {
                    line.append(words[rnd.nextInt(words.length)]).append(' ');
                }
                line.append('\n');
                w.write(line.toString());
                written += line.length();
            }
        }
        assertTrue(Files.size(p) >= 10_000_000);
        CliTest.Result r = run(p);
        assertEquals(ExitCode.SCENARIO_ERROR.status(), r.status(), r.err());
        String[] lines = r.err().split("\n");
        assertTrue(lines[0].startsWith(p + ":"), lines[0]);
        assertTrue(lines.length <= Context.MAX_DIAGNOSTICS + 2, lines.length + " lines");
        assertTrue(r.err().contains("more diagnostic(s) not shown"), r.err().substring(Math.max(0, r.err().length() - 300)));
    }

    @Test
    void aFileTooLargeForAScenarioIsRefusedUnread() throws IOException {
        Path p = dir.resolve("sparse.scenario");
        try (var f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(1L << 30);   // sparse: a GiB of nothing, no disk used
        }
        CliTest.Result r = run(p);
        assertEquals(ExitCode.IO_ERROR.status(), r.status(), r.err());
        assertTrue(r.err().contains(p + ": 1024.0 MiB is too large for a scenario (at most 16.0 MiB)"), r.err());
    }

    @Test
    void bytesThatAreNotUtf8AreReportedAtTheirLineAndColumn() throws IOException {
        byte[] text = "thread main\nmain: a = malloc 16 B # caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path p = file("latin1.scenario", text);
        CliTest.Result r = run(p);
        assertEquals(ExitCode.IO_ERROR.status(), r.status(), r.err());
        assertTrue(r.err().contains(p + ":2:28: not UTF-8 text: byte 0xe9"), r.err());
        Path utf8 = file("utf8.scenario", "thread main\n# caf\u00e9, \u00fcber\nmain: a = malloc 16 B # \u00e9\u00e9 \u00ff\n");
        assertEquals(0, run(utf8).status(), "the same letters in UTF-8 run");
    }

    @Test
    void aDirectoryIsNotAScenario() throws IOException {
        Path d = Files.createDirectory(dir.resolve("samples.scenario"));
        CliTest.Result r = run(d);
        assertEquals(ExitCode.IO_ERROR.status(), r.status(), r.err());
        assertTrue(r.err().contains(d + ": is a directory, not a scenario file"), r.err());
        assertEquals(ExitCode.IO_ERROR.status(), run(dir.resolve("missing.scenario")).status());
    }
}
