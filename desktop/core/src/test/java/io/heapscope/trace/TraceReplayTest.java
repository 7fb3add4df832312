package io.heapscope.trace;

import io.heapscope.agent.AgentOptions;
import io.heapscope.engine.Engine;
import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.ExpectResult;
import io.heapscope.engine.StepOutcome;
import io.heapscope.engine.StopReason;
import io.heapscope.model.Snapshot;
import io.heapscope.scenario.op.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A recorded program replayed on the core: threads, handles, program order, the clock, stepping
 *  both ways, expects from an expect file, and frees of objects the trace never allocated. */
class TraceReplayTest {
    @TempDir
    static Path dir;
    static Path trace;
    static long liveAtEnd, lastTime, events;

    @BeforeAll
    static void record() throws Exception {
        trace = dir.resolve("t.hstrace");
        assertEquals(0, Recordings.record(trace, List.of(Recordings.testProgram().toString())));
        try (HstraceReader r = HstraceReader.open(trace)) {
            while (r.next()) {
                events++;
                lastTime = Math.max(lastTime, r.timeNs());
            }
            liveAtEnd = r.liveObjects();
        }
    }

    private static TraceSetup setup(String text) {
        TraceSetup.Parsed p = TraceSetup.parse("t.expect", text);
        assertTrue(p.setup().isPresent(), p.diagnostics().toString());
        return p.setup().get();
    }

    private static Engine engine(TraceReplay.Loaded loaded) {
        return new Engine(loaded.program(), EngineConfig.headless(AgentOptions.core()));
    }

    @Test
    void replaysEveryCallOnItsThreadWithTheRecordedClock() throws IOException {
        TraceReplay.Loaded loaded = TraceReplay.load(trace, setup("""
                thread t0, t1
                expect blocks(live) == %d "the blocks the program never freed are live"
                expect threads == 0 "both threads exited"
                """.formatted(liveAtEnd)));
        assertEquals(List.of("t0", "t1"), loaded.program().threads());
        assertEquals(events, loaded.events());
        assertEquals(0, loaded.problems().unknownFrees());
        long starts = loaded.program().ops().stream().filter(o -> o instanceof Op.ThreadStart).count();
        assertEquals(2, starts, "each thread starts once");
        try (Engine engine = engine(loaded)) {
            StepOutcome end = engine.run();
            assertEquals(StopReason.END, end.reason(), end.detail());
            assertEquals(loaded.steps(), end.position().step());
            assertEquals(lastTime, end.position().clockNanos(), "the clock reaches the last event's time");
            List<ExpectResult> expects = engine.expectResults();
            assertEquals(2, expects.size());
            expects.forEach(e -> assertFalse(e.failed(), e.toString()));
        }
    }

    @Test
    void stepsOneEventAtATimeAndStepsBackToTheSameHeap() throws IOException {
        TraceReplay.Loaded loaded = TraceReplay.load(trace, TraceSetup.NONE);
        try (Engine engine = engine(loaded)) {
            engine.step();
            assertEquals(1, engine.position().step());
            assertEquals(3, engine.position().line(), "the second event is next: line 3 of the listing");
            engine.goToStep(20_000);
            String at = shape(engine.snapshot());
            long inUse = engine.snapshot().stats().current("page_used", -1);
            engine.goToStep(30_000);
            assertTrue(!shape(engine.snapshot()).equals(at), "the heap changed between the two steps");
            StepOutcome back = engine.goToStep(20_000);
            assertEquals(StopReason.DONE, back.reason(), back.detail());
            assertEquals(at, shape(engine.snapshot()));
            assertEquals(inUse, engine.snapshot().stats().current("page_used", -1));
            engine.stepBack();
            assertEquals(19_999, engine.position().step());
        }
    }

    @Test
    void freesOfUnknownObjectsAreCountedAndSkipped(@TempDir Path d) throws IOException {
        Path log = d.resolve("m.log");
        Files.writeString(log, """
                = Start
                @ ./prog:[0x401156] + 0x4052a0 0x64
                @ ./prog:[0x401164] - 0x999990
                @ ./prog:[0x401164] - 0x4052a0
                = End
                """);
        TraceReplay.Loaded loaded = TraceReplay.load(log, setup("""
                thread t0
                expect blocks(live) == 0
                """));
        assertEquals(1, loaded.problems().unknownFrees());
        assertEquals(4, loaded.events());
        assertEquals(3, loaded.replayedEvents(), "thread start, malloc, free: the unknown free is skipped");
        try (Engine engine = engine(loaded)) {
            assertEquals(StopReason.END, engine.run().reason());
            assertFalse(engine.expectResults().getFirst().failed(), engine.expectResults().toString());
        }
    }

    @Test
    void anExpectFileNamingAThreadTheTraceLacksIsRefused() {
        TraceSetup s = setup("thread t0, t7\nexpect threads >= 0\n");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> TraceReplay.load(trace, s));
        assertTrue(e.getMessage().contains("thread t7 is not in the trace"), e.getMessage());
        TraceSetup.Parsed p = TraceSetup.parse("x.expect", "thread t0\nt0: a = malloc 8 B\n");
        assertTrue(p.setup().isEmpty());
        assertTrue(p.diagnostics().toString().contains("x.expect:2:"), p.diagnostics().toString());
    }

    /** Used blocks per block size and owning thread: what a replay decides. How many pages hold
     *  them is not compared, since a page's capacity depends on where the agent's segment happens
     *  to lie (block starts are aligned to the block size), which differs from process to process. */
    private static String shape(Snapshot s) {
        java.util.TreeMap<String, Integer> used = new java.util.TreeMap<>();
        s.pages().forEach(p -> used.merge(p.kind() + " " + p.blockSize() + " t" + p.thread(), p.used(), Integer::sum));
        return used.toString();
    }
}
