package io.heapscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prints how fast a scenario that unrolls to a million ops compiles and how much memory its ops
 * hold, against the same scenario at half the size (the reference, measured in the same run,
 * interleaved, three rounds): a time ratio near 2 and equal bytes per op mean the compiler is
 * linear. Not part of the test suite; run with
 * {@code mvn -q -pl desktop/core test -Dtest=CompileBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class CompileBenchmark {

    private record Figures(long ops, long nanos, long bytes) {
    }

    private static String scenario(int n) {
        return ScenarioTestSupport.text("thread main",
                "main: for i in 0.." + n + " { h[i] = malloc 64 B }",
                "main: for i in 0.." + n + " { free h[i] }");
    }

    private static Figures compile(ParseResult parsed) {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        long t0 = System.nanoTime();
        CompileResult result = ScenarioCompiler.compile(parsed);
        long nanos = System.nanoTime() - t0;
        System.gc();
        long after = runtime.totalMemory() - runtime.freeMemory();
        long ops = result.program().orElseThrow().ops().size();
        return new Figures(ops, nanos, after - before);
    }

    @Test
    void compileAMillionOps() {
        ParseResult million = Scenario.parse("million.scenario", scenario(500_000));
        ParseResult half = Scenario.parse("half.scenario", scenario(250_000));
        compile(half);
        for (int round = 0; round < 3; round++) {
            Figures ref = compile(half);
            Figures big = compile(million);
            assertEquals(List.of(500_001L, 1_000_001L), List.of(ref.ops(), big.ops()), "the programs measured");
            System.out.printf("round %d: compile %,d ops in %,d ms (%,.0f ops/s, %d B/op held); "
                            + "reference %,d ops in %,d ms (%d B/op); time ratio %.2f%n", round,
                    big.ops(), big.nanos() / 1_000_000, big.ops() * 1e9 / big.nanos(), big.bytes() / big.ops(),
                    ref.ops(), ref.nanos() / 1_000_000, ref.bytes() / ref.ops(), (double) big.nanos() / ref.nanos());
        }
    }
}
