package io.heapscope.scenario.op;

import java.util.List;

/**
 * A compiled scenario: the declared threads in order, one {@link Origin} per statement (index =
 * statement number, for breakpoints and "step over"), and the ops. Produced only by the
 * compiler. All lists are unmodifiable; {@code ops} is a compact store that builds each op record
 * when it is read (about 30 bytes per op instead of an object each), so read ops in order and
 * do not count on two reads giving the same object. {@code loops} tells, for each op, the loop
 * iterations it runs in.
 */
public record Program(String fileName, List<String> threads, List<Origin> statements,
                      List<Op> ops, LoopIterations loops) {

    public Program(String fileName, List<String> threads, List<Origin> statements, List<Op> ops) {
        this(fileName, threads, statements, ops, LoopIterations.NONE);
    }

    /**
     * The core's design the scenario asks for ({@code set design = v3}): {@code v2}, {@code v3},
     * or empty when it does not say. The engine starts the agent on it.
     */
    public java.util.Optional<String> design() {
        for (Op op : ops) {
            if (op instanceof Op.SetOption(Origin origin, int step, String name, OptionValue value)
                    && name.equals("design") && value instanceof OptionValue.Count(long version)) {
                return java.util.Optional.of("v" + version);
            }
        }
        return java.util.Optional.empty();
    }

    /** Statement executions in the program: the last op's step + 1 (0 when it has no ops). */
    public long totalSteps() {
        return ops.isEmpty() ? 0 : ops.getLast().step() + 1L;
    }

    /** The step op {@code index} belongs to; {@link #totalSteps()} past the last op. */
    public long stepAt(int index) {
        return index < ops.size() ? ops.get(index).step() : totalSteps();
    }

    /** The first op of step {@code step} (the op count when past the end); ops are in step order. */
    public int indexOfStep(long step) {
        int lo = 0;
        int hi = ops.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ops.get(mid).step() < step) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The loop variables of op {@code opIndex} ({@code "i = 17"}), "" outside loops. */
    public String loopVariables(int opIndex) {
        return loops.describe(opIndex);
    }
}
