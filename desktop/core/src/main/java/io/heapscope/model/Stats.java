package io.heapscope.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Named figures an allocator reports: for the Heapscope core its amounts (current and peak) and
 * counters; for a system allocator whatever it exposes (mimalloc's process info, jemalloc's
 * {@code stats.*}, glibc's {@code mallinfo2}).
 */
public record Stats(List<Stat> values) {
    /** One figure; {@code peak} is -1 when the figure has none. */
    public record Stat(String name, long current, long peak) {
        public Stat {
            Objects.requireNonNull(name, "name");
        }

        public boolean hasPeak() {
            return peak != -1;
        }
    }

    public static final Stats NONE = new Stats(List.of());

    public Stats {
        values = List.copyOf(values);
    }

    public Optional<Stat> find(String name) {
        return values.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The current value of {@code name}, or {@code fallback} when not reported. */
    public long current(String name, long fallback) {
        return find(name).map(Stat::current).orElse(fallback);
    }
}
