package io.heapscope.ui.fx;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import javafx.application.Platform;

/**
 * The one door from background threads to the FX thread. Every hand-over goes through an
 * instance of this class, which the app creates once and passes to whoever needs it (tests pass
 * one built on a same-thread executor).
 *
 * <p>High-rate producers (a running scenario's snapshots, the session's state) use
 * {@link #latest(Consumer)}: a slot that keeps only the newest value and schedules at most one
 * hand-over at a time, so a producer that publishes 10,000 snapshots per second costs the FX
 * thread one update per pulse, never a queue of stale ones.
 */
public final class FxDoor {

    private final Executor fxExecutor;

    private FxDoor(Executor fxExecutor) {
        this.fxExecutor = Objects.requireNonNull(fxExecutor, "fxExecutor");
    }

    /** The door for the running app: {@link Platform#runLater}. */
    public static FxDoor platform() {
        return new FxDoor(task -> {
            if (Platform.isFxApplicationThread()) {
                task.run();
            } else {
                Platform.runLater(task);
            }
        });
    }

    /** A door that runs tasks on {@code executor}, for tests (e.g. {@code Runnable::run}). */
    public static FxDoor on(Executor executor) {
        return new FxDoor(executor);
    }

    /** Runs {@code task} on the FX thread (now, if already there). For rare events only. */
    public void run(Runnable task) {
        fxExecutor.execute(task);
    }

    /** A coalescing slot that delivers only the newest published value to {@code consumer}. */
    public <T> Latest<T> latest(Consumer<? super T> consumer) {
        return new Latest<>(fxExecutor, consumer);
    }

    /** See {@link FxDoor#latest}. Thread-safe: publish from any thread. */
    public static final class Latest<T> {
        private final Executor fxExecutor;
        private final Consumer<? super T> consumer;
        private final AtomicReference<T> pending = new AtomicReference<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private long delivered;

        private Latest(Executor fxExecutor, Consumer<? super T> consumer) {
            this.fxExecutor = fxExecutor;
            this.consumer = Objects.requireNonNull(consumer, "consumer");
        }

        /** Offers a value; earlier values not yet delivered are dropped. */
        public void publish(T value) {
            pending.set(Objects.requireNonNull(value, "value"));
            if (scheduled.compareAndSet(false, true)) {
                fxExecutor.execute(this::deliver);
            }
        }

        /** How many values reached the consumer (not how many were published). */
        public long deliveredCount() {
            return delivered;
        }

        private void deliver() {
            scheduled.set(false);
            T value = pending.getAndSet(null);
            if (value != null) {
                delivered++;
                consumer.accept(value);
            }
        }
    }
}
