package io.heapscope.app.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The latest value of a stream and its listeners; a new listener gets the latest value at once. */
final class Fanout<T> {

    private final List<Consumer<? super T>> listeners = new CopyOnWriteArrayList<>();
    private volatile T latest;

    Fanout(T initial) {
        this.latest = initial;
    }

    T latest() {
        return latest;
    }

    void publish(T value) {
        latest = value;
        for (Consumer<? super T> l : listeners) {
            l.accept(value);
        }
    }

    AutoCloseable subscribe(Consumer<? super T> listener) {
        listeners.add(listener);
        T now = latest;
        if (now != null) {
            listener.accept(now);
        }
        return () -> listeners.remove(listener);
    }
}
