package io.heapscope.scenario.op;

import io.heapscope.scenario.lang.Comparison;
import io.heapscope.scenario.source.SourceSpan;
import java.util.List;
import java.util.Optional;

/**
 * One operation for the agent, in the order the scenario runs them, with loops unrolled and
 * handle arrays resolved to concrete {@link HandleKey}s.
 *
 * <p>Stepping: {@link #step()} counts statement executions. It is the same for all ops that one
 * execution of one statement produced (a ranged {@code free hotel[0..N]} makes N ops with one
 * step; an implicit {@link ThreadStart} shares the step of the statement that caused it) and
 * grows by one with the next execution. "Step one statement" runs ops while the step stays the
 * same; "step over" runs ops while {@code origin().outer()} stays the same; "run to line" compares
 * {@code origin().span()}.
 */
public sealed interface Op {

    Origin origin();

    int step();

    /** The span of the innermost statement that produced this op. */
    default SourceSpan span() {
        return origin().span();
    }

    /** An op that one scenario thread runs. */
    sealed interface ThreadOp extends Op {
        String thread();
    }

    /**
     * {@code handle = malloc size}. {@code align} is {@link #NATURAL} for plain allocation,
     * else a power of two; {@code zero} asks for zeroed memory (zalloc, calloc; calloc's size is
     * count × element size); {@code heap} is the first-class heap named by {@code in h}, empty for
     * the thread's current default heap.
     */
    record Alloc(Origin origin, int step, String thread, HandleKey handle, long size, long align,
                 boolean zero, Optional<String> heap) implements ThreadOp {
        /** The {@code align} of an allocation that asked for no particular alignment. */
        public static final long NATURAL = 0;
    }

    /**
     * {@code realloc}: the block held by {@code from} is resized to {@code size}; the result is
     * held by {@code to}, which equals {@code from} for the in-place form {@code realloc a 1 KiB}.
     */
    record Realloc(Origin origin, int step, String thread, HandleKey from, HandleKey to, long size)
            implements ThreadOp {
    }

    /** Frees the block; the compiler lets double frees through so secure mode can catch them. */
    record Free(Origin origin, int step, String thread, HandleKey handle) implements ThreadOp {
    }

    /** Writes every byte of the block. */
    record Touch(Origin origin, int step, String thread, HandleKey handle) implements ThreadOp {
    }

    record HeapNew(Origin origin, int step, String thread, String heap) implements ThreadOp {
    }

    /** Deletes the heap; its live blocks move to the thread's backing heap. */
    record HeapDelete(Origin origin, int step, String thread, String heap) implements ThreadOp {
    }

    /** Destroys the heap and frees every block in it at once. */
    record HeapDestroy(Origin origin, int step, String thread, String heap) implements ThreadOp {
    }

    /** Makes {@code heap} the thread's default heap; {@code "backing"} switches back. */
    record HeapSetDefault(Origin origin, int step, String thread, String heap) implements ThreadOp {
    }

    /** {@code collect} ({@code force} for {@code collect force}). */
    record Collect(Origin origin, int step, String thread, boolean force) implements ThreadOp {
    }

    /**
     * Starts the thread. {@code implicit} when the scenario did not say {@code start}: the
     * compiler inserts it before the thread's first op, with that op's origin and step.
     */
    record ThreadStart(Origin origin, int step, String thread, boolean implicit)
            implements ThreadOp {
    }

    /** The thread goes idle and runs nothing, not even allocator bookkeeping, until woken. */
    record ThreadPark(Origin origin, int step, String thread) implements ThreadOp {
    }

    record ThreadWake(Origin origin, int step, String thread) implements ThreadOp {
    }

    /** The thread exits; its heaps are deleted and its segments abandoned. */
    record ThreadExit(Origin origin, int step, String thread) implements ThreadOp {
    }

    /** Advances the virtual clock. */
    record Sleep(Origin origin, int step, long nanos) implements Op {
    }

    /** Sets an allocator option; the engine checks the name against the agent's options. */
    record SetOption(Origin origin, int step, String name, OptionValue value) implements Op {
    }

    /** Remembers every metric's current value under {@code name}, for {@code metric@name}. */
    record Mark(Origin origin, int step, String name) implements Op {
    }

    /** An assertion on metrics at this point of the run. */
    record Expect(Origin origin, int step, MetricExpr left, Comparison comparison,
                  MetricExpr right, Optional<String> message, List<String> columns) implements Op {

        public Expect {
            columns = List.copyOf(columns);
        }

        /** An expect about every column. */
        public Expect(Origin origin, int step, MetricExpr left, Comparison comparison, MetricExpr right,
                      Optional<String> message) {
            this(origin, step, left, comparison, right, message, List.of());
        }

        /** Whether it is checked on a column known by these names (its label and its backend). */
        public boolean about(java.util.Collection<String> names) {
            return columns.isEmpty() || columns.stream().anyMatch(names::contains);
        }

        public boolean holds(MetricSource source) {
            return comparison.test(left.evaluate(source), right.evaluate(source));
        }

        /** The assertion in scenario syntax, such as {@code committed <= 48 MiB}. */
        public String describe() {
            return left + " " + comparison.symbol() + " " + right;
        }
    }
}
