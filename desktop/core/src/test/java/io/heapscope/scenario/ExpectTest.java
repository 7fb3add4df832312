package io.heapscope.scenario;

import static io.heapscope.scenario.ScenarioTestSupport.diagnostics;
import static io.heapscope.scenario.ScenarioTestSupport.ops;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.lang.BlockState;
import io.heapscope.scenario.lang.Comparison;
import io.heapscope.scenario.lang.Dimension;
import io.heapscope.scenario.lang.Metric;
import io.heapscope.scenario.op.MetricExpr;
import io.heapscope.scenario.op.MetricSource;
import io.heapscope.scenario.op.Op;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Expect lines become metric expressions the engine can evaluate. */
class ExpectTest {

    private static List<Op.Expect> expects(String... lines) {
        return ops(lines).stream().filter(Op.Expect.class::isInstance)
                .map(Op.Expect.class::cast).toList();
    }

    /** A source that reads metrics from a map keyed by their printed form. */
    private static MetricSource source(Map<String, Double> values) {
        return reading -> values.get(reading.toString());
    }

    @Test
    void foldsConstantsAndKeepsUnitsForPrinting() {
        Op.Expect expect = expects("expect committed <= 48 MiB + 512 KiB").getFirst();
        assertEquals(new MetricExpr.Reading(Metric.COMMITTED, Optional.empty(), Optional.empty()),
                expect.left());
        assertEquals(new MetricExpr.Constant((48 << 20) + (512 << 10), Dimension.BYTES),
                expect.right());
        assertEquals("committed <= 49664 KiB", expect.describe());
        assertEquals(Comparison.LESS_OR_EQUAL, expect.comparison());
    }

    @Test
    void replacesLoopVariablesWithTheirValuesInEachIteration() {
        List<Op.Expect> expects = expects("thread main",
                "mark m",
                "main: for i in 0..2 {",
                "  expect blocks(live) >= (i + 1) * 2 + rss@m / 2 \"grows\"",
                "}");
        assertEquals(List.of("blocks(live) >= 2 + rss@m / 2", "blocks(live) >= 4 + rss@m / 2"),
                expects.stream().map(Op.Expect::describe).toList());
        assertEquals(Optional.of("grows"), expects.getFirst().message());
        MetricSource at = source(Map.of("blocks(live)", 10.0, "rss@m", 16.0));
        assertTrue(expects.get(0).holds(at));
        assertFalse(expects.get(1).holds(at));
    }

    @Test
    void evaluatesFractionsAndParenthesesOnTheReadings() {
        Op.Expect expect = expects("mark start", "mark loaded",
                "expect rss - rss@start >= 1.8 * (rss@loaded - rss@start)").getFirst();
        assertEquals("rss - rss@start >= 1.8 * (rss@loaded - rss@start)", expect.describe());
        assertTrue(expect.holds(source(Map.of("rss", 30.0, "rss@start", 10.0, "rss@loaded", 20.0))));
        assertFalse(expect.holds(source(Map.of("rss", 27.0, "rss@start", 10.0,
                "rss@loaded", 20.0))));
    }

    @Test
    void readingsCarryTheirArgumentsAndMarks() {
        Op.Expect expect = expects("thread main", "mark m",
                "expect pending(main)@m + blocks(thread_free) > 0").getFirst();
        MetricExpr.Arithmetic sum = (MetricExpr.Arithmetic) expect.left();
        assertEquals(new MetricExpr.Reading(Metric.PENDING, Optional.of("main"), Optional.of("m")),
                sum.left());
        assertEquals(new MetricExpr.Reading(Metric.BLOCKS,
                Optional.of(BlockState.THREAD_FREE.word()), Optional.empty()), sum.right());
    }

    @Test
    void constantDivisionByZeroIsAnError() {
        assertEquals(List.of("t.scenario:1:14: error: division by zero"),
                diagnostics("expect rss > 1 / 0"));
    }
}
