package io.heapscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** Going back is replaying: the heap after a step back equals the heap of a fresh run to there. */
class StepBackTest {

    private static final Executor SAME_THREAD = Runnable::run;

    @Test
    void stepBackEqualsAFreshReplayToTheSameStep() {
        String replayed;
        try (Engine fresh = Scenarios.engine(Scenarios.SMALL)) {
            fresh.goToStep(44);
            replayed = Scenarios.shape(fresh.snapshot());
        }
        try (Engine e = Scenarios.engine(Scenarios.SMALL)) {
            e.run();
            long end = e.position().step();
            for (long s = end; s > 44; s--) {
                assertEquals(s - 1, e.stepBack().position().step());
            }
            assertEquals(replayed, Scenarios.shape(e.snapshot()));
            assertEquals(2, e.run().expects().size(), "running forward again re-checks the expects");
            assertEquals(0, e.expectResults().stream().filter(ExpectResult::failed).count());
        }
    }

    @Test
    void checkpointsGiveTheSameHeapAsReplayingFromTheStart() {
        EngineConfig withSpare = Scenarios.headless().withCheckpoints(true, SAME_THREAD);
        try (Engine plain = Scenarios.engine(Scenarios.SMALL);
             Engine spare = new Engine(Scenarios.compile(Scenarios.SMALL), withSpare)) {
            plain.run();
            spare.run();
            for (int i = 0; i < 5; i++) {
                plain.stepBack();
                spare.stepBack();
                assertEquals(Scenarios.shape(plain.snapshot()), Scenarios.shape(spare.snapshot()), "back " + i);
                assertEquals(plain.position().step(), spare.position().step());
            }
            assertEquals(plain.position(), spare.position());
        }
    }

    @Test
    void goToStepGoesBothWaysAndMarksAreRetaken() {
        try (Engine e = Scenarios.engine(Scenarios.SMALL)) {
            e.goToStep(45);
            assertEquals(45, e.position().step());
            e.goToStep(3);
            assertEquals(3, e.position().step());
            assertEquals(0, e.expectResults().size(), "the expects lie ahead again");
            e.run();
            assertEquals(2, e.expectResults().size());
        }
    }

    @Test
    void resetGoesBackToTheStart() {
        try (Engine e = Scenarios.engine(Scenarios.SMALL)) {
            e.run();
            StepOutcome reset = e.reset();
            assertEquals(0, reset.position().step());
            assertEquals(0, e.snapshot().pages().size());
        }
    }
}
