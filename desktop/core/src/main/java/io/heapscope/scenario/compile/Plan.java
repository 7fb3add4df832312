package io.heapscope.scenario.compile;

import io.heapscope.scenario.ast.Expr;
import io.heapscope.scenario.ast.Statement.HeapAction;
import io.heapscope.scenario.ast.Statement.ThreadAction;
import io.heapscope.scenario.eval.LongExpr;
import io.heapscope.scenario.lang.Comparison;
import io.heapscope.scenario.lang.Dimension;
import io.heapscope.scenario.op.MetricExpr;
import io.heapscope.scenario.op.Origin;
import io.heapscope.scenario.source.SourceSpan;
import java.util.List;
import java.util.Optional;

/**
 * The compiler's form of a statement: names resolved to slots and tables, expressions compiled,
 * origins numbered. The {@link Unroller} runs it to produce ops.
 */
sealed interface Plan {

    Origin origin();

    /**
     * A loop: the variable in {@code slot} runs from {@code from} to {@code end - 1}. A repeat
     * has {@code from} = 0 and {@code end} = its count; {@code variable} is empty for a repeat
     * without {@code as}.
     */
    record Loop(Origin origin, boolean repeat, Optional<String> variable, int slot, LongExpr from,
                LongExpr end, SourceSpan rangeSpan, Plan[] body) implements Plan {
    }

    /**
     * Malloc and zalloc have count 1; alignment 0 means none. {@code heapName} is the id of
     * {@code heap} among heap names, -1 when there is no {@code in} clause.
     */
    record Alloc(Origin origin, ThreadTable.State thread, Target target, LongExpr count,
                 LongExpr size, LongExpr align, boolean zero, Optional<String> heap, int heapName,
                 SourceSpan sizeSpan) implements Plan {
    }

    /** {@code target} is the same object as {@code source} for the in-place form. */
    record Realloc(Origin origin, ThreadTable.State thread, Target source, Target target,
                   LongExpr size, SourceSpan sizeSpan) implements Plan {
    }

    record Free(Origin origin, ThreadTable.State thread, Target handle) implements Plan {
    }

    record Touch(Origin origin, ThreadTable.State thread, Target handle) implements Plan {
    }

    record Heap(Origin origin, ThreadTable.State thread, HeapAction action, String heap)
            implements Plan {
    }

    record Collect(Origin origin, ThreadTable.State thread, boolean force)
            implements Plan {
    }

    record ThreadCommand(Origin origin, ThreadTable.State thread, ThreadAction action)
            implements Plan {
    }

    record Sleep(Origin origin, LongExpr duration, SourceSpan span) implements Plan {
    }

    /** {@code flag} is set for on/off values; otherwise {@code value} has {@code dimension}. */
    record SetOption(Origin origin, String name, Optional<Boolean> flag, LongExpr value,
                     Dimension dimension) implements Plan {
    }

    /**
     * An expect. A side that uses no loop variable is built once ({@code fixedLeft},
     * {@code fixedRight}); otherwise it is rebuilt from the syntax with the current values.
     */
    record Expect(Origin origin, List<String> columns, Expr left, Optional<MetricExpr> fixedLeft, Comparison comparison,
                  Expr right, Optional<MetricExpr> fixedRight, Optional<String> message,
                  Slots slots) implements Plan {
    }

    record Mark(Origin origin, String name) implements Plan {
    }

    /** Which handles a statement names. */
    sealed interface Target {

        Handles handles();

        record Single(Handles handles) implements Target {
        }

        record Element(Handles handles, LongExpr index, SourceSpan span) implements Target {
        }

        /** Elements {@code from} to {@code to - 1}. */
        record Slice(Handles handles, LongExpr from, LongExpr to, SourceSpan span)
                implements Target {
        }
    }
}
