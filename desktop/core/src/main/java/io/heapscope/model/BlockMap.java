package io.heapscope.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state of every block of a page, in address order, as runs of equal states (a page of 8,192
 * blocks is usually a handful of runs).
 */
public record BlockMap(List<Run> runs) {
    /** {@code length} consecutive blocks in one state. */
    public record Run(BlockState state, int length) {
        public Run {
            Objects.requireNonNull(state, "state");
            if (length <= 0) throw new IllegalArgumentException("run length must be positive: " + length);
        }
    }

    /** No block states captured (the snapshot was taken without blocks). */
    public static final BlockMap NONE = new BlockMap(List.of());

    public BlockMap {
        runs = List.copyOf(runs);
    }

    public boolean captured() {
        return !runs.isEmpty();
    }

    /** Number of blocks covered. */
    public int blockCount() {
        int n = 0;
        for (Run r : runs) n += r.length();
        return n;
    }

    /** The state of block {@code index}. */
    public BlockState state(int index) {
        if (index < 0) throw new IndexOutOfBoundsException(index);
        int at = 0;
        for (Run r : runs) {
            at += r.length();
            if (index < at) return r.state();
        }
        throw new IndexOutOfBoundsException("block " + index + " of " + at);
    }

    /** How many blocks are in each state. */
    public Map<BlockState, Integer> counts() {
        Map<BlockState, Integer> counts = new EnumMap<>(BlockState.class);
        for (Run r : runs) counts.merge(r.state(), r.length(), Integer::sum);
        return counts;
    }

    public int count(BlockState state) {
        return counts().getOrDefault(state, 0);
    }
}
