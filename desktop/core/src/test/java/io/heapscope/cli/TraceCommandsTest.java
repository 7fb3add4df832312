package io.heapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.agent.AgentBinaries;
import io.heapscope.scenario.ScenarioCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** record, replay, export and trace-to-scenario on the shipped sample trace and a fresh recording. */
class TraceCommandsTest {

    @TempDir
    Path dir;

    static Path sample(String name) {
        return SamplesCheckTest.samples().resolve("traces").resolve(name);
    }

    @Test
    void recordRunsTheCommandUnderTheRecorderAndSaysWhatTheTraceHolds() {
        Path out = dir.resolve("t.hstrace");
        CliTest.Result r = CliTest.cli("record", "-o", out.toString(), "--",
                AgentBinaries.find("recorder/stories/cigarette").toString(), "300");
        assertEquals(0, r.status(), r.err());
        // 300 hotels, 300 fresh ones, 300 frees, 3 thread starts, main's exit, and main's own calls
        Matcher m = Pattern.compile("recorded .*: ([\\d,]+) events from 3 thread\\(s\\)").matcher(r.err());
        assertTrue(m.find(), r.err());
        assertTrue(Long.parseLong(m.group(1).replace(",", "")) >= 904, r.err());
        assertTrue(r.err().contains("cigarette exited with 0"), r.err());
        CliTest.Result replay = CliTest.cli("replay", out.toString(), "--no-progress");
        assertEquals(0, replay.status(), replay.err());
        assertTrue(replay.out().contains("pending 600 KiB"), "300 hotels of 2 KiB stranded:\n" + replay.out());
        assertEquals(2, CliTest.cli("record", "-o", out.toString()).status(), "no command");
        assertEquals(2, CliTest.cli("record", "--", "true").status(), "no -o");
    }

    @Test
    void replayChecksTheSampleStoryAndFailsWithOneOnABrokenExpect() throws IOException {
        CliTest.Result r = CliTest.cli("replay", sample("cigarette.hstrace").toString(), "--expect",
                sample("cigarette.expect").toString(), "--no-progress");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("6,153 events read, 6,153 replayed, 3 thread(s)"), r.out());
        assertEquals(3, r.out().split("PASSED", -1).length - 1, r.out());
        Path wrong = dir.resolve("wrong.expect");
        Files.writeString(wrong, "thread t0, t1, t2\nexpect pending(t2) >= 1 MiB \"the refresher's pages hold the frees\"\n");
        CliTest.Result bad = CliTest.cli("replay", sample("cigarette.hstrace").toString(), "--expect", wrong.toString(),
                "--no-progress");
        assertEquals(1, bad.status(), bad.out());
        assertTrue(bad.out().contains("wrong.expect:2:1: FAILED"), bad.out());
        Files.writeString(wrong, "thread t0\nt0: a = malloc 8 B\n");
        CliTest.Result notExpect = CliTest.cli("replay", sample("cigarette.hstrace").toString(), "--expect",
                wrong.toString(), "--no-progress");
        assertEquals(3, notExpect.status());
        assertTrue(notExpect.err().contains("wrong.expect:2:1: error: an expect file for a trace holds only"), notExpect.err());
    }

    @Test
    void aCutTraceReplaysUpToItsLastGoodChunkAndSaysWhere() throws IOException {
        byte[] whole = Files.readAllBytes(sample("cigarette.hstrace"));
        Path cut = dir.resolve("cut.hstrace");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 100));
        CliTest.Result r = CliTest.cli("replay", cut.toString(), "--no-progress");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().matches("(?s).*cut\\.hstrace: byte offset \\d+: chunk truncated.*read up to the last good event.*"),
                r.err());
        Path scenario = dir.resolve("x.scenario");
        Files.writeString(scenario, "thread main\nmain: a = malloc 8 B\n");
        CliTest.Result notTrace = CliTest.cli("replay", scenario.toString());
        assertEquals(5, notTrace.status());
        assertTrue(notTrace.err().contains("byte offset 0: not a trace"), notTrace.err());
    }

    @Test
    void exportTakesATraceAndWritesTheSnapshotAtAnEvent() throws IOException {
        Path json = dir.resolve("s.json");
        Path csv = dir.resolve("h.csv");
        CliTest.Result r = CliTest.cli("export", sample("cigarette.hstrace").toString(), "--step", "3000", "--json",
                json.toString(), "--csv", csv.toString(), "--every", "500", "--no-progress");
        assertEquals(0, r.status(), r.err());
        String text = Files.readString(json);
        assertTrue(text.matches("(?s).*\"step\"\\s*:\\s*3000,.*"), text.substring(0, 300));
        assertTrue(text.matches("(?s).*\"scenario\"\\s*:\\s*\"cigarette.hstrace\".*"), text.substring(0, 300));
        java.util.List<String> rows = Files.readAllLines(csv);
        assertEquals(1 + 3000 / 500 + 1, rows.size(), "header, then steps 0, 500, ... up to the stop at 3000: " + rows);
        assertTrue(rows.getLast().startsWith("3000,6000,"), "3,000 events, each with its clock advance: " + rows.getLast());
    }

    @Test
    void traceToScenarioFoldsLoopsAndTheScenarioEndsWithTheSameHeap() throws IOException {
        Path out = dir.resolve("cig.scenario");
        CliTest.Result r = CliTest.cli("trace-to-scenario", sample("cigarette.hstrace").toString(), "-o", out.toString());
        assertEquals(0, r.status(), r.err());
        String text = Files.readString(out);
        assertTrue(ScenarioCompiler.compile(out.toString(), text).ok(), text);
        assertTrue(text.contains("  t1: b[") && text.contains("= malloc 2 KiB") && text.contains("  t2: free b["), text);
        assertTrue(text.lines().count() < 200, "6,153 events fold into a short scenario: " + text.lines().count() + " lines");
        CliTest.Result scenario = CliTest.cli("run", out.toString(), "--no-progress");
        CliTest.Result trace = CliTest.cli("replay", sample("cigarette.hstrace").toString(), "--no-progress");
        assertEquals(line(trace.out(), "in use"), line(scenario.out(), "in use"), scenario.out() + trace.out());

        Path cut = dir.resolve("cut.scenario");
        CliTest.Result range = CliTest.cli("trace-to-scenario", sample("cigarette.hstrace").toString(), "--from", "3000",
                "--to", "3100", "-o", cut.toString());
        assertEquals(0, range.status(), range.err());
        String cutText = Files.readString(cut);
        assertTrue(cutText.contains("stand for blocks allocated before the range"), cutText);
        assertEquals(0, CliTest.cli("check", cut.toString(), "--no-progress").status(), cutText);
        assertEquals(2, CliTest.cli("trace-to-scenario", sample("cigarette.hstrace").toString(), "--to", "99999").status());
    }

    /** "rss ..., in use 4.0 MiB, pending 4 MiB" -> the in use and pending figures. */
    private static String line(String out, String what) {
        Matcher m = Pattern.compile("in use [^,]+, pending \\S+").matcher(out);
        assertTrue(m.find(), out);
        return m.group();
    }
}
