package io.heapscope.cli;

import io.heapscope.agent.SnapshotOptions;
import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.ScenarioRun;
import io.heapscope.export.HistoryCsv;
import io.heapscope.export.SnapshotDocument;
import io.heapscope.export.SnapshotJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code heapscope export FILE}: the snapshot at a step as JSON, and the history as CSV. */
final class ExportCommand {

    static final String HELP = """
            usage: heapscope export FILE [--step N] [--json OUT] [--csv OUT] [--every N]
                                         [--backend NAME] [--no-progress]

            Runs the scenario to step N (default: its end) and writes the snapshot there as JSON
            (format heapscope-snapshot version 1, schema docs/snapshot.schema.json; block states
            included) and, with --csv, the figures of every N-th step up to there as CSV.

              --step N         stop after N steps (statement executions); 0 is the start
              --json OUT       where the JSON goes; '-' or absent: standard output
              --csv OUT        also write the history of figures as CSV
              --every N        history sample interval in steps (default: about 1,000 rows)
              --backend NAME   core (default), glibc, mimalloc, jemalloc or tcmalloc
              --no-progress    no progress bar on the terminal
            """;

    private ExportCommand() {
    }

    static ExitCode run(List<String> arguments, Context context) throws UsageException, CliFailure {
        Args args = Args.parse(arguments, Set.of("step", "json", "csv", "every", "backend"), Set.of("no-progress"));
        ScenarioRequest request = ScenarioRequest.of(args, "export", context);
        Context ctx = request.context();
        EngineConfig config = Context.config(Context.backend(args.value("backend").orElse("core")))
                .withSnapshots(SnapshotOptions.ALL)
                .withSampling(request.sampling(args.value("csv").isPresent()));
        ScenarioRun.Report r = ctx.run(request.program(), config, request.stopAt(), request.name());
        SnapshotDocument doc = SnapshotDocument.of(request.name(), r.figures().step(), r.allocator(),
                r.figures(), r.snapshot());
        String json = args.value("json").orElse("-");
        try {
            if (json.equals("-")) {
                ctx.out().println(SnapshotJson.write(doc));
            } else {
                SnapshotJson.write(doc, Path.of(json));
                ctx.err().println("wrote " + json + " (step " + r.figures().step() + ")");
            }
            if (args.value("csv").isPresent()) {
                HistoryCsv.write(r.history(), Path.of(args.value("csv").get()));
                ctx.err().println("wrote " + args.value("csv").get() + " (" + r.history().size() + " rows)");
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCode.IO_ERROR, "cannot write: " + e.getMessage());
        }
        return ExitCode.OK;
    }
}
