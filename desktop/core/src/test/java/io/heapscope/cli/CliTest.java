package io.heapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {
    }

    static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path scenario(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void helpListsTheCommandsAndEveryExitCode() {
        Result r = cli("--help");
        assertEquals(0, r.status());
        for (String word : new String[] {"run FILE", "check FILE|DIR", "export FILE", "ops FILE", "diff A.json B.json"}) {
            assertTrue(r.out().contains(word), word);
        }
        for (ExitCode c : ExitCode.values()) {
            assertTrue(r.out().contains("  " + c.status() + "  " + c.meaning()), c.name());
        }
        assertEquals(0, cli("export", "--help").status());
        assertTrue(cli("check", "--help").out().startsWith("usage: heapscope check"));
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, cli().status());
        assertEquals(2, cli("frobnicate").status());
        Result r = cli("run", "a.scenario", "--speed", "3");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown option --speed"), r.err());
        assertEquals(2, cli("run").status());
        assertEquals(2, cli("run", "x.scenario", "--backend").status());
    }

    @Test
    void aMissingFileExitsWithFiveAndAScenarioErrorWithThree() throws IOException {
        assertEquals(5, cli("run", dir.resolve("none.scenario").toString()).status());
        Path bad = scenario("bad.scenario", "thread main\nmain: a = malloc 10ms\n");
        Result r = cli("run", bad.toString());
        assertEquals(3, r.status());
        assertTrue(r.err().contains("bad.scenario:2:"), r.err());
    }

    @Test
    void checkExitsWithOneWhenAnExpectFailsAndStillChecksTheRest() throws IOException {
        Path good = scenario("a-good.scenario", "thread main\nmain: a = malloc 64 B\nexpect in_use == 64 B\n");
        Path bad = scenario("b-bad.scenario", "thread main\nmain: a = malloc 64 B\nexpect in_use == 1 MiB \"no\"\n");
        Result r = cli("check", dir.toString(), "--no-progress");
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("PASS " + good), r.out());
        assertTrue(r.out().contains("FAIL " + bad), r.out());
        assertTrue(r.out().contains("b-bad.scenario:3:1: FAILED: in_use == 1 MiB"), r.out());
        assertTrue(r.out().contains("1 of 2 scenario(s) passed"), r.out());
        assertEquals(0, cli("check", good.toString()).status());
    }

    @Test
    void runPrintsASummaryAndOpsPrintsTheOps() throws IOException {
        Path p = scenario("s.scenario", "thread main\nmain: for i in 0..10 {\n  a[i] = malloc 1 KiB\n}\n");
        Result run = cli("run", p.toString(), "--no-progress");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("on heapscope: 10 steps, 11 ops"), run.out());
        Result ops = cli("ops", p.toString(), "--limit", "2");
        assertEquals(0, ops.status());
        assertTrue(ops.out().contains("s.scenario:3:3  step 0  main: start (implicit)"), ops.out());
        assertTrue(ops.out().contains("11 ops, 10 steps"), ops.out());
    }

    @Test
    void exportWritesJsonAndCsv() throws IOException {
        Path p = scenario("e.scenario", "thread main\nmain: for i in 0..10 {\n  a[i] = malloc 1 KiB\n}\n");
        Path json = dir.resolve("e.json");
        Path csv = dir.resolve("e.csv");
        Result r = cli("export", p.toString(), "--step", "4", "--json", json.toString(), "--csv", csv.toString(),
                "--every", "1", "--no-progress");
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(json).contains("\"format\" : \"heapscope-snapshot\""));
        assertEquals(6, Files.readAllLines(csv).size(), "a header and steps 0..4");
        assertTrue(Files.readAllLines(csv).getFirst().startsWith("step,ops,clock_ns,rss"));
        assertEquals(2, cli("export", p.toString(), "--step", "99").status(), "past the end");
    }
}
