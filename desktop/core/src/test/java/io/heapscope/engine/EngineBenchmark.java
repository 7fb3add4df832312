package io.heapscope.engine;

import io.heapscope.agent.AgentOptions;
import io.heapscope.scenario.op.Program;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Prints the engine's speed (no assertions on time): a 1M-op scenario run to its end, and the time
 * to step back one statement at step 1M, replaying from the start and from a checkpoint. Run with
 * {@code mvn -o test -Dtest=EngineBenchmark}. Targets: at least 500k ops/s, a step back under 1 s.
 */
class EngineBenchmark {

    /** 1,000,000 ops and steps: two threads allocating and freeing each other's blocks. */
    static final String MILLION = """
            thread a, b
            for i in 0..250_000 {
              a: x = malloc 64 B
              b: free x
              b: y = malloc 128 B
              a: free y
            }
            """;

    @Test
    void runToTheEndAndStepBack() throws Exception {
        Program program = Scenarios.compile(MILLION);
        System.out.printf("program: %,d ops, %,d steps%n", program.ops().size(), program.ops().getLast().step() + 1);
        for (int round = 0; round < 3; round++) {
            try (Engine e = new Engine(program, EngineConfig.headless(AgentOptions.core()))) {
                long t0 = System.nanoTime();
                StepOutcome end = e.run();
                long t1 = System.nanoTime();
                e.stepBack();
                long t2 = System.nanoTime();
                System.out.printf("round %d: run to end %,d ops in %.3f s = %,.0f ops/s (%s); "
                                + "step back at step %,d by replay from the start: %.3f s%n", round,
                        end.position().opIndex(), (t1 - t0) / 1e9, end.position().opIndex() / ((t1 - t0) / 1e9),
                        end.reason(), end.position().step(), (t2 - t1) / 1e9);
            }
        }
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (Engine e = new Engine(program, EngineConfig.headless(AgentOptions.core())
                .withCheckpoints(true, background))) {
            e.run();
            background.submit(() -> { }).get();   // wait until the spare agent is ready
            Thread.sleep(200);
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                StepOutcome back = e.stepBack();
                long t1 = System.nanoTime();
                System.out.printf("step back to step %,d from a checkpoint: %.3f s%n", back.position().step(),
                        (t1 - t0) / 1e9);
                background.submit(() -> { }).get();
            }
        } finally {
            background.shutdown();
        }
    }
}
