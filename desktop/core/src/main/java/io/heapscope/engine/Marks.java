package io.heapscope.engine;

import io.heapscope.scenario.op.MetricExpr;
import io.heapscope.scenario.op.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metric values remembered by {@code mark} lines. A mark inside a loop is taken again on every
 * iteration; a reading uses the latest one taken before the current op. Going back forgets the
 * marks taken at or after the new position (running forward takes them again).
 */
final class Marks {

    private record Taken(int opIndex, MetricValues values) {
    }

    private final Map<String, List<Taken>> byName = new HashMap<>();

    void take(String name, int opIndex, MetricValues values) {
        byName.computeIfAbsent(name, n -> new ArrayList<>()).add(new Taken(opIndex, values));
    }

    Optional<MetricValues> latest(String name) {
        List<Taken> list = byName.get(name);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.getLast().values());
    }

    /** Checks {@code expect} at op {@code index} against the metrics {@code now} and the marks taken before. */
    ExpectResult evaluate(int index, Op.Expect expect, MetricValues now) {
        try {
            double left = expect.left().evaluate(r -> read(now, r));
            double right = expect.right().evaluate(r -> read(now, r));
            boolean holds = expect.comparison().test(left, right);
            return ExpectResult.of(index, expect, holds ? ExpectResult.Outcome.PASSED : ExpectResult.Outcome.FAILED,
                    left, right, "");
        } catch (MetricValues.Unavailable e) {
            return ExpectResult.of(index, expect, ExpectResult.Outcome.UNMEASURABLE, Double.NaN, Double.NaN,
                    e.getMessage());
        }
    }

    private double read(MetricValues now, MetricExpr.Reading reading) {
        if (reading.mark().isEmpty()) {
            return now.read(reading.metric(), reading.argument());
        }
        String name = reading.mark().get();
        MetricValues then = latest(name).orElseThrow(() -> new MetricValues.Unavailable(
                "mark '" + name + "' has not been taken yet"));
        return then.read(reading.metric(), reading.argument());
    }

    /** Forgets the marks taken at op {@code opIndex} or later. */
    void rewindTo(int opIndex) {
        for (List<Taken> list : byName.values()) {
            list.removeIf(t -> t.opIndex() >= opIndex);
        }
    }
}
