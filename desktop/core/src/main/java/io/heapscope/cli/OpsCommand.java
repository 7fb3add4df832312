package io.heapscope.cli;

import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code heapscope ops FILE}: the compiled operations, one per line. */
final class OpsCommand {

    static final String HELP = """
            usage: heapscope ops FILE [--limit N]

            Compiles the scenario and prints its operations in run order, one per line:
            the statement's file:line:col, the step, and the operation. Nothing is run.

              --limit N   print at most N operations
            """;

    private OpsCommand() {
    }

    static ExitCode run(List<String> arguments, Context ctx) throws UsageException, CliFailure {
        Args args = Args.parse(arguments, Set.of("limit"), Set.of());
        if (args.positional().size() != 1) {
            throw new UsageException("ops takes one scenario file");
        }
        Program program = ctx.compile(Path.of(args.positional().getFirst()));
        long limit = args.number("limit").orElse(Long.MAX_VALUE);
        List<Op> ops = program.ops();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < ops.size() && i < limit; i++) {
            Op op = ops.get(i);
            line.setLength(0);
            line.append(op.span().position()).append("  step ").append(op.step()).append("  ").append(describe(op));
            ctx.out().println(line);
        }
        ctx.out().printf("%,d ops, %,d steps%n", ops.size(), ops.isEmpty() ? 0 : ops.getLast().step() + 1L);
        return ExitCode.OK;
    }

    static String describe(Op op) {
        return switch (op) {
            case Op.Alloc a -> a.thread() + ": " + a.handle() + " = " + (a.zero() ? "zalloc " : "malloc ") + a.size()
                    + (a.align() != 0 ? " align " + a.align() : "") + a.heap().map(h -> " in " + h).orElse("");
            case Op.Realloc r -> r.thread() + ": " + r.to() + " = realloc " + r.from() + " " + r.size();
            case Op.Free f -> f.thread() + ": free " + f.handle();
            case Op.Touch t -> t.thread() + ": touch " + t.handle();
            case Op.HeapNew h -> h.thread() + ": new heap " + h.heap();
            case Op.HeapDelete h -> h.thread() + ": delete heap " + h.heap();
            case Op.HeapDestroy h -> h.thread() + ": destroy heap " + h.heap();
            case Op.HeapSetDefault h -> h.thread() + ": use heap " + h.heap();
            case Op.Collect c -> c.thread() + ": collect" + (c.force() ? " force" : "");
            case Op.ThreadStart s -> s.thread() + ": start" + (s.implicit() ? " (implicit)" : "");
            case Op.ThreadPark p -> p.thread() + ": park";
            case Op.ThreadWake w -> w.thread() + ": wake";
            case Op.ThreadExit x -> x.thread() + ": exit";
            case Op.Sleep s -> "sleep " + s.nanos() + " ns";
            case Op.SetOption o -> "set " + o.name() + " = " + o.value();
            case Op.Mark m -> "mark " + m.name();
            case Op.Expect e -> "expect " + e.describe();
        };
    }
}
