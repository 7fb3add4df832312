package io.heapscope.engine;

import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.Backends;
import io.heapscope.scenario.op.Program;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prints the speed of a comparison (no assertions on time): the 1M-op scenario of
 * {@link EngineBenchmark} run to its end on five columns at once (core, glibc, jemalloc, mimalloc,
 * tcmalloc), each column's ops/s, and the same scenario on the core alone as the reference,
 * interleaved in the same run (alone, five, alone, five, ...). Run with
 * {@code mvn -o test -Dtest=CompareBenchmark -Dsurefire.failIfNoSpecifiedTests=false} after building
 * {@code native/}. Target: at least 300k ops/s per column with five columns.
 */
class CompareBenchmark {

    private static final int ROUNDS = 3;

    private static List<Column> five() {
        List<Column> columns = new ArrayList<>();
        for (String name : List.of("core", "glibc", "jemalloc", "mimalloc", "tcmalloc")) {
            columns.add(new Column(name, name, Backends.forName(name), Map.of()));
        }
        return columns;
    }

    /** Each column's ops/s when all run at once; the wall time of the whole command last. */
    private static double[] run(Program program, List<Column> columns) {
        try (Comparison c = new Comparison(program, columns, EngineConfig.headless(AgentOptions.core()))) {
            long start = System.nanoTime();
            List<Double> rates = c.each(e -> {
                long t0 = System.nanoTime();
                StepOutcome end = e.run();
                if (end.reason() != StopReason.END) {
                    throw new AssertionError("did not run to the end: " + end);
                }
                return end.position().opIndex() / ((System.nanoTime() - t0) / 1e9);
            });
            double wall = (System.nanoTime() - start) / 1e9;
            double[] out = new double[rates.size() + 1];
            for (int i = 0; i < rates.size(); i++) out[i] = rates.get(i);
            out[rates.size()] = wall;
            return out;
        }
    }

    @Test
    void fiveColumnsAgainstOne() {
        Program program = Scenarios.compile(EngineBenchmark.MILLION);
        System.out.printf("program: %,d ops; %d cores%n", program.ops().size(), Runtime.getRuntime().availableProcessors());
        List<Column> five = five();
        List<Column> alone = List.of(five.getFirst());
        double[][] single = new double[ROUNDS][];
        double[][] all = new double[ROUNDS][];
        for (int round = 0; round < ROUNDS; round++) {
            single[round] = run(program, alone);
            all[round] = run(program, five);
            StringBuilder line = new StringBuilder(String.format("round %d: core alone %,.0f ops/s; five columns:",
                    round, single[round][0]));
            for (int i = 0; i < five.size(); i++) {
                line.append(String.format(" %s %,.0f", five.get(i).label(), all[round][i]));
            }
            line.append(String.format(" ops/s (%.2f s wall)", all[round][five.size()]));
            System.out.println(line);
        }
        double reference = median(Arrays.stream(single).mapToDouble(r -> r[0]).toArray());
        System.out.printf("median: core alone %,.0f ops/s%n", reference);
        for (int i = 0; i < five.size(); i++) {
            int column = i;
            double m = median(Arrays.stream(all).mapToDouble(r -> r[column]).toArray());
            System.out.printf("median: %-8s in five columns %,.0f ops/s = %.2f x core alone (target >= 300,000)%n",
                    five.get(i).label(), m, m / reference);
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
