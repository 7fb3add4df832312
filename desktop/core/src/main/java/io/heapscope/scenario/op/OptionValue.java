package io.heapscope.scenario.op;

import io.heapscope.scenario.lang.Dimension;

/**
 * The value of a {@code set} line, typed by how it was written; the engine converts it to the
 * option's own unit (mimalloc keeps delays in milliseconds, sizes in KiB).
 */
public sealed interface OptionValue {

    /** {@code on}/{@code true} or {@code off}/{@code false}. */
    record Flag(boolean on) implements OptionValue {
        @Override
        public String toString() {
            return on ? "on" : "off";
        }
    }

    /** A bare number, such as {@code 4} or {@code -1}. */
    record Count(long value) implements OptionValue {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** A size in bytes. */
    record Size(long bytes) implements OptionValue {
        @Override
        public String toString() {
            return Dimension.BYTES.format(bytes);
        }
    }

    /** A duration in nanoseconds. */
    record Duration(long nanos) implements OptionValue {
        @Override
        public String toString() {
            return Dimension.TIME.format(nanos);
        }
    }
}
