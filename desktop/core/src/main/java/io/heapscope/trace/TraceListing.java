package io.heapscope.trace;

import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import java.util.List;

/**
 * A replayed trace as scenario text: the threads on line 1, then one line per event, so the
 * {@code N}-th event is on line {@code N + 1} (the line its ops' origins name), in scenario words
 * ({@code t1: block[3] = malloc 2 KiB}): a window shows where a replay is and sets breakpoints on
 * events. The clock is left out. Only the first {@code maxLines} events are listed; a last comment
 * line says how many follow.
 */
public final class TraceListing {

    private TraceListing() {
    }

    public static String of(Program program, int maxLines) {
        List<Op> ops = program.ops();
        StringBuilder out = new StringBuilder("thread " + String.join(", ", program.threads()) + "\n");
        int line = 0;
        long events = 0;
        String pending = null;
        int pendingStep = -1, pendingRank = 0;
        for (int i = 0, n = ops.size(); i < n; i++) {
            Op op = ops.get(i);
            String text = describe(op);
            if (text == null || op instanceof Op.Expect || op instanceof Op.Mark || op instanceof Op.SetOption) {
                continue;
            }
            if (op.step() != pendingStep) {
                if (pending != null) {
                    events++;
                    if (line < maxLines) {
                        out.append(pending).append('\n');
                        line++;
                    }
                }
                pending = text;
                pendingStep = op.step();
                pendingRank = rank(op);
            } else if (rank(op) > pendingRank) {
                pending = text;    // the event, not the implicit start or clock advance before it
                pendingRank = rank(op);
            }
        }
        if (pending != null) {
            events++;
            if (line < maxLines) {
                out.append(pending).append('\n');
                line++;
            }
        }
        if (events > line) {
            out.append(String.format("# ... %,d more events (line N is event N; step to them)%n", events - line));
        }
        return out.toString();
    }

    private static int rank(Op op) {
        return op instanceof Op.Sleep ? 0 : op instanceof Op.ThreadStart ? 1 : 2;
    }

    private static String describe(Op op) {
        return switch (op) {
            case Op.Alloc a -> a.thread() + ": " + a.handle() + " = " + (a.zero() ? "zalloc " : "malloc ")
                    + TraceScenario.bytes(a.size()) + (a.align() != Op.Alloc.NATURAL ? " align " + TraceScenario.bytes(a.align()) : "");
            case Op.Free f -> f.thread() + ": free " + f.handle();
            case Op.Realloc r -> r.thread() + ": " + r.to() + " = realloc " + r.from() + " " + TraceScenario.bytes(r.size());
            case Op.ThreadStart s -> s.thread() + ": start";
            case Op.ThreadExit x -> x.thread() + ": exit";
            case Op.Sleep s -> "sleep";
            default -> null;
        };
    }
}
