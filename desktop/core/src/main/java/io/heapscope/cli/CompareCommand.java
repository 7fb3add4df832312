package io.heapscope.cli;

import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.ExpectResult;
import io.heapscope.engine.Figures;
import io.heapscope.engine.ScenarioRun;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code heapscope compare FILE --backend a,b,...}: one scenario on several backends, one row each. */
final class CompareCommand {

    static final String HELP = """
            usage: heapscope compare FILE --backend NAME,NAME... [--step N] [--csv OUT] [--every N]
                                          [--no-progress]

            Runs the scenario on each backend (a column: core, glibc, mimalloc, jemalloc,
            tcmalloc), each on its own agent, one column after another, and prints one row per
            column: rss, committed, in use and pages at the end (or at step N; n/a where the
            backend cannot measure a figure) and how many expects passed, failed or could not be
            measured, then every expect that did not pass, prefixed with its column.

              --backend LIST   the columns, comma-separated (at least one)
              --step N         stop every column after N steps
              --csv OUT        write every column's figures of every N-th step as one CSV,
                               with a first field 'column'
              --every N        history sample interval in steps (default: about 1,000 rows a column)
              --no-progress    no progress bar on the terminal
            """;

    private CompareCommand() {
    }

    static ExitCode run(List<String> arguments, Context context) throws UsageException, CliFailure {
        Args args = Args.parse(arguments, Set.of("backend", "step", "csv", "every"), Set.of("no-progress"));
        ScenarioRequest request = ScenarioRequest.of(args, "compare", context);
        List<String> columns = columns(args.value("backend")
                .orElseThrow(() -> new UsageException("compare needs --backend NAME,NAME...")));
        Context ctx = request.context();
        List<ScenarioRun.Report> reports = new ArrayList<>();
        for (String column : columns) {
            EngineConfig config = Context.config(Context.backend(column))
                    .withSampling(request.sampling(args.value("csv").isPresent()));
            reports.add(ctx.run(request.program(), config, request.stopAt(), request.name() + " on " + column));
        }
        print(columns, reports, ctx);
        if (args.value("csv").isPresent()) {
            Path csv = Path.of(args.value("csv").get());
            try (Writer out = Files.newBufferedWriter(csv)) {
                writeCsv(columns, reports, out);
            } catch (IOException e) {
                throw new CliFailure(ExitCode.IO_ERROR, "cannot write " + csv + ": " + e.getMessage());
            }
            ctx.err().println("wrote " + csv);
        }
        return ExitCode.OK;
    }

    /** The column names, checked, in the order given; a name twice is an error. */
    static List<String> columns(String list) throws UsageException {
        Set<String> names = new LinkedHashSet<>();
        for (String name : list.split(",", -1)) {
            String n = name.strip();
            Context.backend(n);
            if (!names.add(n)) {
                throw new UsageException("backend '" + n + "' is named twice in --backend");
            }
        }
        return List.copyOf(names);
    }

    private static void print(List<String> columns, List<ScenarioRun.Report> reports, Context ctx) {
        ctx.out().printf("%-10s %12s %12s %12s %8s %6s %6s %12s%n", "column", "rss", "committed", "in_use",
                "pages", "passed", "failed", "unmeasurable");
        for (int i = 0; i < columns.size(); i++) {
            ScenarioRun.Report r = reports.get(i);
            Figures f = r.figures();
            ctx.out().printf("%-10s %12s %12s %12s %8s %6d %6d %12d%n", columns.get(i), RunCommand.bytes(f.rss()),
                    RunCommand.bytes(f.committed()), RunCommand.bytes(f.inUse()),
                    f.pages() < 0 ? "n/a" : Long.toString(f.pages()), count(r, ExpectResult.Outcome.PASSED),
                    count(r, ExpectResult.Outcome.FAILED), count(r, ExpectResult.Outcome.UNMEASURABLE));
        }
        for (int i = 0; i < columns.size(); i++) {
            for (ExpectResult e : reports.get(i).expects()) {
                if (e.outcome() != ExpectResult.Outcome.PASSED) {
                    ctx.out().println(columns.get(i) + ": " + e);
                }
            }
        }
    }

    private static long count(ScenarioRun.Report r, ExpectResult.Outcome outcome) {
        return r.expects().stream().filter(e -> e.outcome() == outcome).count();
    }

    static void writeCsv(List<String> columns, List<ScenarioRun.Report> reports, Writer out) throws IOException {
        out.write("column," + String.join(",", Figures.COLUMNS) + "\n");
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            for (Figures f : reports.get(i).history()) {
                row.setLength(0);
                row.append(columns.get(i));
                for (long v : f.values()) row.append(',').append(v);
                out.write(row.append('\n').toString());
            }
        }
    }
}
