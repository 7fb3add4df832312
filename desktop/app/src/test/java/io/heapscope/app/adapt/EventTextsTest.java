package io.heapscope.app.adapt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.heapscope.agent.AgentOptions;
import io.heapscope.app.AppServices;
import io.heapscope.engine.Engine;
import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.StepOutcome;
import io.heapscope.engine.StopReason;
import io.heapscope.model.Event;
import io.heapscope.model.Snapshot;
import io.heapscope.scenario.CompileResult;
import io.heapscope.scenario.ScenarioCompiler;

/**
 * Every event explanation says which mimalloc version it describes, and what it states about
 * the mechanism holds for the core on the shipped samples: the figures it names, and for PURGE
 * what decommit and reset do to committed memory and RSS.
 */
class EventTextsTest {

    private static final long KIB = 1024, MIB = 1024 * KIB, GIB = 1024 * MIB;
    private static final Pattern VERSION = Pattern.compile("(2\\.0\\.9|v2\\.1\\.x|v2\\.1\\.4)");

    /** One step's events with the snapshot before and after it. */
    private record Step(List<Event> events, Snapshot before, Snapshot after) {}

    /** Runs a sample to its end, keeping each step's events (and, if asked, snapshots). */
    private static List<Step> run(String sample, boolean snapshots) throws Exception {
        Path file = AppServices.defaultSamplesDir().resolve(sample);
        CompileResult compiled = ScenarioCompiler.compile(sample, Files.readString(file));
        assertTrue(compiled.ok(), compiled.diagnostics().toString());
        List<Step> steps = new ArrayList<>();
        try (Engine engine = new Engine(compiled.program().orElseThrow(), EngineConfig.headless(AgentOptions.core()))) {
            Snapshot before = snapshots ? engine.snapshot() : null;
            for (int i = 0; i < 100_000; i++) {
                StepOutcome out = engine.step();
                Snapshot after = snapshots ? engine.snapshot() : null;
                steps.add(new Step(out.events(), before, after));
                before = after;
                if (out.reason() == StopReason.END) break;
            }
        }
        return steps;
    }

    private static List<Event> events(List<Step> steps, String kind) {
        return steps.stream().flatMap(s -> s.events().stream()).filter(e -> e.kind().equals(kind)).toList();
    }

    private static long committed(Snapshot s) {
        return s.stats().find("committed").orElseThrow().current();
    }

    @Test
    void everyTextSaysWhichMimallocItDescribes() {
        for (String kind : EventTexts.kinds()) {
            String text = EventTexts.why(kind);
            assertTrue(text.contains("mimalloc") && VERSION.matcher(text).find(), kind + ": " + text);
        }
    }

    @Test
    void theSamplesRaiseEventsThatHaveTexts() throws Exception {
        TreeSet<String> seen = new TreeSet<>();
        for (String sample : List.of("large-and-huge.scenario", "thread-exit-reclaim.scenario",
                "first-class-heaps.scenario", "purge-decommit-vs-reset.scenario", "secure-mode.scenario",
                "double-free-unchecked.scenario", "cross-thread-delayed-free.scenario")) {
            for (Step s : run(sample, false)) s.events().forEach(e -> seen.add(e.kind()));
        }
        for (String kind : seen) {
            assertTrue(EventTexts.kinds().contains(kind), "no explanation for " + kind);
        }
        assertTrue(seen.size() >= 15, "the samples cover most kinds: " + seen);
    }

    /** "about 4 KiB of blocks at a time, but at least 4 blocks": 8 KiB blocks extend by 4. */
    @Test
    void pageExtendedMatchesTheExtendRule() throws Exception {
        List<Event> extended = new ArrayList<>(events(run("large-and-huge.scenario", false), "PAGE_EXTENDED"));
        extended.addAll(events(run("free-list-sharding.scenario", false), "PAGE_EXTENDED"));
        assertFalse(extended.isEmpty());
        for (Event e : extended) {
            long most = Math.max(4, 4 * KIB / e.size());
            assertTrue(e.count() >= 1 && e.count() <= most, "extended by " + e.count() + " blocks of " + e.size());
        }
        assertTrue(extended.stream().anyMatch(e -> e.size() == 8 * KIB && e.count() == 4),
                "8 KiB blocks extend by 4 blocks, 32 KiB, more than 4 KiB: " + extended);
        assertTrue(extended.stream().anyMatch(e -> e.size() == KIB && e.count() == 4),
                "1 KiB blocks extend by 4 KiB");
        assertTrue(EventTexts.why("PAGE_EXTENDED").contains("at least 4 blocks"));
    }

    /** Decommit drops committed memory and RSS at once; reset leaves the memory committed. */
    @Test
    void purgeSaysWhatDecommitAndResetDo() throws Exception {
        List<Step> steps = run("purge-decommit-vs-reset.scenario", true);
        List<Step> purges = steps.stream()
                .filter(s -> s.events().stream().anyMatch(e -> e.kind().equals("PURGE") && e.size() >= MIB)).toList();
        assertTrue(purges.size() >= 2, "a decommit and a reset: " + purges.size());
        Step decommit = purges.get(0);
        Step reset = purges.get(purges.size() - 1);
        long decommitted = decommit.events().stream().filter(e -> e.kind().equals("PURGE")).mapToLong(Event::size).sum();
        assertTrue(committed(decommit.before()) - committed(decommit.after()) >= decommitted / 2,
                "decommit lowers committed memory");
        assertTrue(decommit.before().process().rss() - decommit.after().process().rss() >= 4 * MIB,
                "decommit lowers RSS at once");
        long resetBytes = reset.events().stream().filter(e -> e.kind().equals("PURGE")).mapToLong(Event::size).sum();
        assertTrue(committed(reset.before()) - committed(reset.after()) < resetBytes / 2,
                "reset leaves the memory committed");
        String text = EventTexts.why("PURGE");
        assertTrue(text.contains("Decommitted") && text.contains("RSS drop at once"), text);
        assertTrue(text.contains("stays committed") && text.contains("RSS need not drop"), text);
    }

    /** "1 GiB" arenas, "32 MiB" segments. */
    @Test
    void arenaAndSegmentSizesAreTheOnesNamed() throws Exception {
        List<Step> steps = run("thread-exit-reclaim.scenario", false);
        List<Event> arenas = events(steps, "ARENA_RESERVED");
        assertFalse(arenas.isEmpty());
        arenas.forEach(e -> assertTrue(e.size() == GIB, "arena of " + e.size()));
        List<Event> segments = events(steps, "SEGMENT_ALLOC");
        assertFalse(segments.isEmpty());
        segments.forEach(e -> assertTrue(e.size() == 32 * MIB, "segment of " + e.size()));
        assertTrue(EventTexts.why("ARENA_RESERVED").contains("1 GiB"));
        assertTrue(EventTexts.why("SEGMENT_ALLOC").contains("32 MiB"));
    }
}
