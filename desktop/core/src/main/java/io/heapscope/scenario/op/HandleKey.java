package io.heapscope.scenario.op;

import java.util.Objects;

/**
 * A concrete handle after unrolling: {@code a} (index {@link #NO_INDEX}) or {@code hotel[17]}.
 * The engine maps keys to the addresses (or agent handle ids) of blocks. Keys are equal by value.
 */
public record HandleKey(String name, int index) {

    /** The index of a single (non-array) handle. */
    public static final int NO_INDEX = -1;

    public HandleKey {
        Objects.requireNonNull(name, "name");
        if (index < NO_INDEX) {
            throw new IllegalArgumentException("negative index " + index);
        }
    }

    public static HandleKey single(String name) {
        return new HandleKey(name, NO_INDEX);
    }

    public boolean isElement() {
        return index != NO_INDEX;
    }

    /** {@code a} or {@code hotel[17]}, as a scenario would write it. */
    @Override
    public String toString() {
        return isElement() ? name + "[" + index + "]" : name;
    }
}
