package io.heapscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.SystemAllocator;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.OptionValue;
import io.heapscope.scenario.op.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.heapscope.scenario.lang.Metric;
import org.junit.jupiter.api.Test;

/** Columns move together: a step, a step back or a go-to takes every column to the same step. */
class ComparisonTest {

    private static Program sample(String name) throws Exception {
        Path file = PageFiguresIdentityTest.samples().resolve(name);
        return Scenarios.compile(Files.readString(file));
    }

    private static final Column CORE = new Column("core", "core", AgentOptions.core(), Map.of());
    private static final Column TCMALLOC = new Column("tcmalloc", "tcmalloc",
            AgentOptions.system(SystemAllocator.TCMALLOC), Map.of());

    private static List<Long> steps(List<StepOutcome> outcomes) {
        return outcomes.stream().map(o -> o.position().step()).toList();
    }

    @Test
    void everyCommandMovesEveryColumnToTheSameStep() throws Exception {
        try (Comparison c = new Comparison(sample("cigarette.scenario"), List.of(CORE, TCMALLOC), Scenarios.headless())) {
            assertEquals(List.of(1L, 1L), steps(c.step()));
            assertEquals(List.of(2L, 2L), steps(c.step()));
            assertEquals(List.of(5000L, 5000L), steps(c.goToStep(5000)));
            assertEquals(List.of(4999L, 4999L), steps(c.stepBack()), "step back replays every column");
            List<StepOutcome> end = c.run();
            assertTrue(end.stream().allMatch(o -> o.reason() == StopReason.END), end.toString());
            assertEquals(steps(end).get(0), steps(end).get(1));
            List<Figures> now = c.figuresNow();
            assertTrue(now.get(0).pending() >= 8192L * 2048, "the core strands the old hotels: " + now.get(0));
            assertEquals(-1, now.get(1).pending(), "tcmalloc has no pending figure");
            assertTrue(c.extraNow().get(1).heldFree() > 0, "tcmalloc holds the freed hotels in its caches");
            assertEquals(List.of(0L, 0L), steps(c.reset()));
        }
    }

    @Test
    void aColumnsSettingsHoldForTheWholeRun() throws Exception {
        OptionValue minute = new OptionValue.Duration(60_000_000_000L);
        Column lazy = new Column("lazy", "core", AgentOptions.core(), Map.of("purge_delay", minute));
        Program own = sample("purge-decommit-vs-reset.scenario");   // sets purge_delay = 10ms itself
        List<OptionValue> set = lazy.program(own).ops().stream().filter(o -> o instanceof Op.SetOption s
                && s.name().equals("purge_delay")).map(o -> ((Op.SetOption) o).value()).toList();
        assertEquals(List.of(minute), set, "the column's value replaces the scenario's own");

        Column eager = new Column("eager", "core", AgentOptions.core(), Map.of("purge_delay", new OptionValue.Count(0)));
        try (Comparison c = new Comparison(sample("compare-purge-delay.scenario"), List.of(eager, lazy),
                Scenarios.headless())) {
            c.goToStep(c.engine(0).program().ops().stream().filter(o -> o instanceof Op.Expect).findFirst()
                    .orElseThrow().step() + 1L);
            List<Double> purged = c.each(e -> e.metrics().read(Metric.PURGED, Optional.empty()));
            assertTrue(purged.get(0) >= 12 << 20, "purge_delay 0 purges at the next collect: " + purged);
            assertEquals(0.0, purged.get(1), "nothing purged within a minute");
            List<List<ExpectResult>> expects = c.each(Engine::expectResults);
            assertEquals(1, expects.get(0).size(), "the first expect is about eager only: " + expects);
            assertEquals(0, expects.get(1).size(), expects.get(1).toString());
        }
        assertThrows(IllegalArgumentException.class, () -> new Column("g", "glibc",
                AgentOptions.system(SystemAllocator.GLIBC), Map.of("purge_delay", new OptionValue.Count(0))));
    }

    @Test
    void twoColumnsCannotShareALabel() throws Exception {
        Program p = sample("cigarette.scenario");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Comparison(p, List.of(CORE, CORE), Scenarios.headless()));
        assertTrue(e.getMessage().contains("two columns are labelled 'core'"), e.getMessage());
    }
}
