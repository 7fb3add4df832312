package io.heapscope.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Operations sent in one frame and executed in order (lockstep) or per thread at once (free-running). */
public record Batch(Mode mode, List<Op> ops) {
    public enum Mode {
        /** Each op on its thread while the others wait: deterministic. */
        LOCKSTEP,
        /** Each thread runs its own ops, all threads at once (stress, benchmarks). */
        FREE_RUNNING
    }

    public Batch {
        Objects.requireNonNull(mode);
        ops = List.copyOf(ops);
    }

    public static Batch lockstep(Op... ops) {
        return new Batch(Mode.LOCKSTEP, List.of(ops));
    }

    public static Batch lockstep(List<Op> ops) {
        return new Batch(Mode.LOCKSTEP, ops);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects ops, for scenario code that emits many. */
    public static final class Builder {
        private final List<Op> ops = new ArrayList<>();
        private Mode mode = Mode.LOCKSTEP;

        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        public Builder add(Op op) {
            ops.add(Objects.requireNonNull(op));
            return this;
        }

        public int size() {
            return ops.size();
        }

        public Batch build() {
            return new Batch(mode, ops);
        }
    }
}
