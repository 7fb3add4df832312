package io.heapscope.app.session;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.heapscope.engine.RunControl;
import io.heapscope.engine.StepOutcome;

/**
 * A run below full speed: one {@link RunControl#step()} per tick, until {@code stops} says so
 * (a breakpoint, the end, a failure) or {@link #stop()}. The engine runs at full speed on its
 * own; this is for watching a scenario unfold. Nothing blocks: each tick is scheduled when the
 * previous step's future completes.
 */
final class PacedRun {

    private final ScheduledExecutorService ticks;
    private final Predicate<StepOutcome> stops;
    private final Consumer<StepOutcome> ended;
    private final AtomicLong run = new AtomicLong();
    private volatile boolean active;
    private volatile double stepsPerSecond = Double.POSITIVE_INFINITY;

    /**
     * @param stops whether a run ends after this step
     * @param ended told when a run ended by itself, with the last outcome (null after a failure)
     */
    PacedRun(ScheduledExecutorService ticks, Predicate<StepOutcome> stops, Consumer<StepOutcome> ended) {
        this.ticks = ticks;
        this.stops = stops;
        this.ended = ended;
    }

    void setSpeed(double perSecond) {
        stepsPerSecond = perSecond > 0 ? perSecond : Double.POSITIVE_INFINITY;
    }

    /** True when runs go at full speed (the engine's own run, which honours breakpoints itself). */
    boolean fullSpeed() {
        return Double.isInfinite(stepsPerSecond) || stepsPerSecond >= 1000;
    }

    boolean active() {
        return active;
    }

    void start(RunControl control) {
        long mine = run.incrementAndGet();
        active = true;
        tick(control, mine);
    }

    /** Ends the current run (if any) before its next step. */
    void stop() {
        run.incrementAndGet();
        active = false;
    }

    private void tick(RunControl control, long mine) {
        if (run.get() != mine) {
            return;
        }
        control.step().whenComplete((outcome, error) -> {
            if (run.get() != mine) {
                return;
            }
            if (error != null || stops.test(outcome)) {
                active = false;
                run.incrementAndGet();
                ended.accept(error != null ? null : outcome);
                return;
            }
            long delay = Math.max(1, Math.round(1000 / stepsPerSecond));
            ticks.schedule(() -> tick(control, mine), delay, TimeUnit.MILLISECONDS);
        });
    }
}
