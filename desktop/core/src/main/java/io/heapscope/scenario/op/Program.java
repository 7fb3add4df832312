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

    /** The loop variables of op {@code opIndex} ({@code "i = 17"}), "" outside loops. */
    public String loopVariables(int opIndex) {
        return loops.describe(opIndex);
    }
}
