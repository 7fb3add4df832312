package io.heapscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.heapscope.scenario.op.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Compiles a scenario that unrolls to a million ops and prints how fast that went and how much
 * memory the ops take. It asserts what was produced, never the timing.
 */
class CompileSpeedTest {

    private static final ParseResult MILLION = Scenario.parse("speed.scenario",
            ScenarioTestSupport.text("thread main",
                    "main: for i in 0..500_000 { h[i] = malloc 64 B }",
                    "main: for i in 0..500_000 { free h[i] }"));

    @Test
    void compilesAMillionOps() {
        ScenarioCompiler.compile(MILLION);
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long usedBefore = runtime.totalMemory() - runtime.freeMemory();
        long start = System.nanoTime();
        CompileResult result = ScenarioCompiler.compile(MILLION);
        long nanos = System.nanoTime() - start;
        System.gc();
        long usedAfter = runtime.totalMemory() - runtime.freeMemory();

        List<Op> ops = result.program().orElseThrow().ops();
        System.out.printf("compile: %,d ops in %,d ms = %,.0f ops/s, about %d bytes per op%n",
                ops.size(), nanos / 1_000_000, ops.size() * 1e9 / nanos,
                (usedAfter - usedBefore) / ops.size());
        assertEquals(1_000_001, ops.size());
        assertEquals("h[499999]", ((Op.Free) ops.getLast()).handle().toString());
        assertEquals(999_999, ops.getLast().step());
    }
}
