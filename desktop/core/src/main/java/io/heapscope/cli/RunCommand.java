package io.heapscope.cli;

import io.heapscope.engine.ExpectResult;
import io.heapscope.engine.Figures;
import io.heapscope.engine.ScenarioRun;
import io.heapscope.scenario.lang.Dimension;
import io.heapscope.scenario.op.Program;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** {@code heapscope run FILE}: runs a scenario to its end on a backend and prints a summary. */
final class RunCommand {

    static final String HELP = """
            usage: heapscope run FILE [--backend NAME] [--no-progress]

            Runs the scenario to its end and prints a summary: the allocator, steps and ops run,
            speed, the figures at the end, and every expect's result. Exits 0 even when an expect
            fails (use check for that).

              --backend NAME   core (default), glibc, mimalloc, jemalloc or tcmalloc
              --no-progress    no progress bar on the terminal
            """;

    private RunCommand() {
    }

    static ExitCode run(List<String> arguments, Context context) throws UsageException, CliFailure {
        Args args = Args.parse(arguments, Set.of("backend"), Set.of("no-progress"));
        if (args.positional().size() != 1) {
            throw new UsageException("run takes one scenario file");
        }
        Path file = Path.of(args.positional().getFirst());
        Context ctx = args.flag("no-progress") ? new Context(context.out(), context.err(), false) : context;
        Program program = ctx.compile(file);
        ScenarioRun.Report report = ctx.run(program, Context.config(Context.backend(args.value("backend")
                .orElse("core"))), OptionalLong.empty(), file.getFileName().toString());
        print(report, ctx);
        return ExitCode.OK;
    }

    static void print(ScenarioRun.Report r, Context ctx) {
        Figures f = r.figures();
        double seconds = r.wallNanos() / 1e9;
        ctx.out().printf("%s on %s: %,d steps, %,d ops in %.3f s (%,.0f ops/s)%n", r.program().fileName(),
                r.allocator(), f.step(), f.ops(), seconds, f.ops() / Math.max(seconds, 1e-9));
        ctx.out().printf("  rss %s, committed %s, reserved %s, in use %s, pending %s%n", bytes(f.rss()),
                bytes(f.committed()), bytes(f.reserved()), bytes(f.inUse()), bytes(f.pending()));
        ctx.out().printf("  pages %s, segments %s (abandoned %s), allocator events %,d, virtual clock %d ms%n",
                count(f.pages()), count(f.segments()), count(f.abandonedSegments()), f.events(),
                f.clockNanos() / 1_000_000);
        for (ExpectResult e : r.expects()) {
            ctx.out().println("  " + e);
        }
    }

    static String bytes(long b) {
        return b < 0 ? "n/a" : Dimension.BYTES.readable(b);
    }

    private static String count(long n) {
        return n < 0 ? "n/a" : String.format("%,d", n);
    }
}
