package io.heapscope.cli;

import io.heapscope.compare.ComparisonJson;
import io.heapscope.engine.Column;
import io.heapscope.engine.Comparison;
import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.EngineException;
import io.heapscope.engine.ExpectResult;
import io.heapscope.engine.Figures;
import io.heapscope.engine.StepOutcome;
import io.heapscope.engine.StopReason;
import io.heapscope.export.OutputFiles;
import io.heapscope.model.ClassTable;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code heapscope compare FILE --backend a,b,...}: one scenario on several columns at once, one row each. */
final class CompareCommand {

    static final String HELP = """
            usage: heapscope compare FILE --backend COLUMN,COLUMN... [--set COLUMN:OPTION=VALUE,...]
                                          [--design v2|v3] [--step N] [--json OUT] [--csv OUT] [--every N]
                                          [--no-progress]

            Runs the scenario on every column at once, one agent each, in lockstep (each column on
            a thread of its own), and prints one row per column: rss, committed, in_use, held_free,
            pages and partly full pages at the end (or at step N; n/a where the column cannot
            measure a figure) and how many expects passed, failed or could not be measured; then
            each expect's result per column. An expect written 'expect [glibc, lazy] ...' is
            checked only on the columns (labels or backends) it names.

              --backend LIST   the columns, comma-separated: a backend (core, core-v2, core-v3,
                               glibc, mimalloc, jemalloc, tcmalloc) or LABEL=BACKEND, to run one
                               backend twice; core-v2 and core-v3 are the core on one design each
              --set LIST       option settings, COLUMN:OPTION=VALUE comma-separated (COLUMN is a
                               label or a backend; VALUE as on a 'set' line: 0, 1s, off); core only.
                               They hold for the whole run, over the scenario's own 'set' lines
              --design v2|v3   the design of the plain core column(s)
              --step N         stop every column after N steps
              --json OUT       write every column's figures, expects, size classes and series
              --csv OUT        write every column's figures of every N-th step as one CSV,
                               with a first field 'column'
              --every N        history sample interval in steps (default: about 1,000 rows a column)
              --no-progress    no progress bar on the terminal
            """;

    private CompareCommand() {
    }

    static ExitCode run(List<String> arguments, Context context) throws UsageException, CliFailure {
        Args args = Args.parse(arguments, Set.of("backend", "set", "design", "step", "json", "csv", "every"), Set.of("no-progress"));
        ScenarioRequest request = ScenarioRequest.of(args, "compare", context);
        List<Column> columns = ColumnSpecs.parse(args.value("backend")
                .orElseThrow(() -> new UsageException("compare needs --backend NAME,NAME...")), args.value("set").orElse(""),
                args.value("design"));
        Context ctx = request.context();
        for (String out : List.of("csv", "json")) {
            if (args.value(out).isPresent()) {
                try {
                    OutputFiles.check(Path.of(args.value(out).get()));
                } catch (OutputFiles.Unwritable e) {
                    throw new CliFailure(ExitCode.IO_ERROR, e.getMessage() + "; nothing was run");
                }
            }
        }
        boolean series = args.value("csv").isPresent() || args.value("json").isPresent();
        EngineConfig base = EngineConfig.headless(columns.getFirst().agent()).withSampling(request.sampling(series));
        TerminalProgress bar = new TerminalProgress(ctx.err(), request.name() + " on " + columns.size() + " columns");
        if (ctx.progress()) {
            base = base.withProgress(p -> {
                synchronized (bar) {   // every column reports; the bar shows whichever spoke last
                    bar.accept(p);
                }
            });
        }
        List<ComparisonJson.ColumnResult> results;
        try (Comparison comparison = new Comparison(request.program(), columns, base)) {
            List<StepOutcome> outcomes = request.stopAt().isPresent()
                    ? comparison.goToStep(request.stopAt().getAsLong()) : comparison.run();
            results = results(comparison, outcomes);
            bar.done();
        } catch (IllegalArgumentException e) {
            bar.done();
            throw new UsageException(e.getMessage());
        } catch (EngineException e) {
            bar.done();
            throw new CliFailure(ExitCode.AGENT_FAILED, e.getMessage());
        }
        for (ComparisonJson.ColumnResult r : results) {
            if (r.outcome().startsWith("FAILED")) {
                throw new CliFailure(ExitCode.AGENT_FAILED, "column " + r.label() + ": " + r.outcome());
            }
        }
        print(results, ctx);
        long step = results.getFirst().figures().step();
        if (args.value("csv").isPresent()) {
            write(Path.of(args.value("csv").get()), ctx, out -> writeCsv(results, out));
        }
        if (args.value("json").isPresent()) {
            write(Path.of(args.value("json").get()), ctx,
                    out -> out.write(ComparisonJson.write(request.name(), step, results) + "\n"));
        }
        return ExitCode.OK;
    }

    private static List<ComparisonJson.ColumnResult> results(Comparison c, List<StepOutcome> outcomes) {
        List<Figures> figures = c.figuresNow();
        List<Comparison.Extra> extra = c.extraNow();
        List<List<ExpectResult>> expects = c.each(e -> e.expectResults());
        List<String> allocators = c.each(e -> e.allocator());
        List<ClassTable> classes = c.each(e -> e.snapshot().system().classes());
        List<List<Figures>> history = c.each(e -> e.history());
        List<ComparisonJson.ColumnResult> out = new ArrayList<>();
        for (int i = 0; i < c.columns().size(); i++) {
            Column col = c.columns().get(i);
            StepOutcome o = outcomes.get(i);
            String outcome = o.reason() == StopReason.FAILED ? "FAILED: " + o.detail() : o.reason().name();
            out.add(new ComparisonJson.ColumnResult(col.label(), col.backend(), allocators.get(i),
                    col.describeSettings(), outcome, figures.get(i), extra.get(i), expects.get(i), classes.get(i),
                    history.get(i), c.extraSeries(i)));
        }
        return out;
    }

    private static void print(List<ComparisonJson.ColumnResult> results, Context ctx) {
        ctx.out().printf("%-12s %11s %11s %11s %11s %7s %7s %6s %6s %12s%n", "column", "rss", "committed", "in_use",
                "held_free", "pages", "partial", "passed", "failed", "unmeasurable");
        for (ComparisonJson.ColumnResult r : results) {
            Figures f = r.figures();
            ctx.out().printf("%-12s %11s %11s %11s %11s %7s %7s %6d %6d %12d%n", r.label(), RunCommand.bytes(f.rss()),
                    RunCommand.bytes(f.committed()), RunCommand.bytes(f.inUse()), RunCommand.bytes(r.extra().heldFree()),
                    count(f.pages()), count(r.extra().partialPages()), count(r, ExpectResult.Outcome.PASSED),
                    count(r, ExpectResult.Outcome.FAILED), count(r, ExpectResult.Outcome.UNMEASURABLE));
        }
        for (ComparisonJson.ColumnResult r : results) {
            if (!r.settings().isEmpty()) {
                ctx.out().println(r.label() + ": " + r.backend() + " with " + r.settings());
            }
        }
        for (ComparisonJson.ColumnResult r : results) {
            for (ExpectResult e : r.expects()) {
                ctx.out().println(r.label() + ": " + e);
            }
        }
    }

    private static String count(long n) {
        return n < 0 ? "n/a" : Long.toString(n);
    }

    private static long count(ComparisonJson.ColumnResult r, ExpectResult.Outcome outcome) {
        return r.expects().stream().filter(e -> e.outcome() == outcome).count();
    }

    private static void write(Path file, Context ctx, OutputFiles.Content content) throws CliFailure {
        try {
            OutputFiles.write(file, content);
        } catch (OutputFiles.Unwritable e) {
            throw new CliFailure(ExitCode.IO_ERROR, e.getMessage());
        }
        ctx.err().println("wrote " + file);
    }

    static void writeCsv(List<ComparisonJson.ColumnResult> results, Writer out) throws IOException {
        out.write("column," + String.join(",", Figures.COLUMNS) + ",held_free,partial_pages\n");
        StringBuilder row = new StringBuilder();
        for (ComparisonJson.ColumnResult r : results) {
            java.util.Map<Long, Comparison.Extra> extra = new java.util.HashMap<>();
            r.extraHistory().forEach(x -> extra.put(x.step(), x));
            for (Figures f : r.history()) {
                row.setLength(0);
                row.append(r.label());
                for (long v : f.values()) row.append(',').append(v);
                Comparison.Extra x = extra.getOrDefault(f.step(), new Comparison.Extra(f.step(), -1, -1));
                row.append(',').append(x.heldFree()).append(',').append(x.partialPages());
                out.write(row.append('\n').toString());
            }
        }
    }
}
