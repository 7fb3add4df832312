package io.heapscope.engine;

import io.heapscope.scenario.op.OptionValue;

/**
 * Converts a {@code set} value to the unit of the core's option table: flags are 1/0, counts pass
 * as written, durations become milliseconds and sizes KiB (as mimalloc keeps them:
 * {@code purge_delay} in ms, {@code arena_reserve} in KiB).
 */
final class OptionUnits {

    private OptionUnits() {
    }

    static long agentValue(OptionValue value) {
        return switch (value) {
            case OptionValue.Flag f -> f.on() ? 1 : 0;
            case OptionValue.Count c -> c.value();
            case OptionValue.Size s -> s.bytes() / 1024;
            case OptionValue.Duration d -> d.nanos() / 1_000_000;
        };
    }
}
