package io.heapscope.ui.fx;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a function off the FX thread after its input has been quiet for a delay, and hands only
 * the result of the newest input back through the {@link FxDoor}. Results of inputs that were
 * superseded while the function ran are dropped. Used for parsing the editor's text.
 */
public final class Debouncer<I, O> {

    private final ScheduledExecutorService timer;
    private final Executor worker;
    private final long delayMillis;
    private final Function<? super I, ? extends O> work;
    private final FxDoor door;
    private final Consumer<? super O> onResult;
    private final AtomicLong generation = new AtomicLong();
    private ScheduledFuture<?> scheduled;

    public Debouncer(ScheduledExecutorService timer, Executor worker, long delayMillis,
                     Function<? super I, ? extends O> work, FxDoor door, Consumer<? super O> onResult) {
        this.timer = Objects.requireNonNull(timer, "timer");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.delayMillis = delayMillis;
        this.work = Objects.requireNonNull(work, "work");
        this.door = Objects.requireNonNull(door, "door");
        this.onResult = Objects.requireNonNull(onResult, "onResult");
    }

    /** Offers a new input; the work runs {@code delayMillis} after the last offer. */
    public synchronized void offer(I input) {
        long mine = generation.incrementAndGet();
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        scheduled = timer.schedule(() -> worker.execute(() -> {
            if (generation.get() != mine) {
                return;
            }
            O result = work.apply(input);
            door.run(() -> {
                if (generation.get() == mine) {
                    onResult.accept(result);
                }
            });
        }), delayMillis, TimeUnit.MILLISECONDS);
    }
}
