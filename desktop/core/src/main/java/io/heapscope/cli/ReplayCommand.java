package io.heapscope.cli;

import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.ExpectResult;
import io.heapscope.engine.SamplePolicy;
import io.heapscope.engine.ScenarioRun;
import io.heapscope.export.HistoryCsv;
import io.heapscope.trace.TraceReplay;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** {@code heapscope replay FILE}: runs a recorded trace on a backend and prints a summary. */
final class ReplayCommand {

    static final String HELP = """
            usage: heapscope replay FILE [--backend NAME] [--expect FILE] [--step N] [--csv OUT]
                                         [--every N] [--no-progress]

            Replays a trace (.hstrace, glibc mtrace log, Android record_allocs log) on a backend:
            each event is one step, each trace thread a thread t0, t1, ..., the virtual clock
            follows the recorded times. Prints what was read and skipped, then the summary run
            prints. Exits 1 when an expect of the expect file fails.

              --backend NAME   core (default), glibc, mimalloc, jemalloc or tcmalloc
              --expect FILE    thread, set and expect lines: the options are set before the
                               first event, the expects checked after the last
              --step N         stop after N events; 0 is the start
              --csv OUT        also write the figures of every N-th event as CSV
              --every N        history sample interval in events (default: about 1,000 rows)
              --no-progress    no progress bar on the terminal
            """;

    private ReplayCommand() {
    }

    static ExitCode run(List<String> arguments, Context context) throws UsageException, CliFailure {
        Args args = Args.parse(arguments, Set.of("backend", "expect", "step", "csv", "every"), Set.of("no-progress"));
        if (args.positional().size() != 1) {
            throw new UsageException("replay takes one trace file");
        }
        Path file = Path.of(args.positional().getFirst());
        Context ctx = args.flag("no-progress") ? new Context(context.out(), context.err(), false) : context;
        if (!TraceLoading.isTrace(file) && file.toFile().isFile()) {
            throw new CliFailure(ExitCode.IO_ERROR, file + ": byte offset 0: not a trace (.hstrace, glibc mtrace log"
                    + " or Android record_allocs log); run a scenario with 'heapscope run'");
        }
        TraceReplay.Loaded loaded = TraceLoading.load(file, args.value("expect").map(Path::of), ctx);
        long steps = loaded.steps();
        OptionalLong stopAt = args.number("step").map(OptionalLong::of).orElse(OptionalLong.empty());
        if (stopAt.isPresent() && stopAt.getAsLong() > steps) {
            throw new UsageException("--step " + stopAt.getAsLong() + " is past the end: the trace replays "
                    + steps + " steps");
        }
        long every = args.number("every").orElse(Math.max(1, steps / 1000));
        if (every == 0) {
            throw new UsageException("--every must be at least 1");
        }
        boolean csv = args.value("csv").isPresent();
        EngineConfig config = Context.config(Context.backend(args.value("backend").orElse("core")))
                .withSampling(csv ? new SamplePolicy(every, 0) : SamplePolicy.STOPS_ONLY);
        ctx.out().printf("%s: %,d events read, %,d replayed, %,d thread(s)%n", file.getFileName(), loaded.events(),
                loaded.replayedEvents(), loaded.traceThreads());
        ScenarioRun.Report report = ctx.run(loaded.program(), config, stopAt, file.getFileName().toString());
        RunCommand.print(report, ctx);
        if (csv) {
            try {
                HistoryCsv.write(report.history(), Path.of(args.value("csv").get()));
            } catch (IOException e) {
                throw new CliFailure(ExitCode.IO_ERROR, "cannot write: " + e.getMessage());
            }
            ctx.err().println("wrote " + args.value("csv").get() + " (" + report.history().size() + " rows)");
        }
        return report.expects().stream().anyMatch(ExpectResult::failed) ? ExitCode.EXPECT_FAILED : ExitCode.OK;
    }
}
