package io.heapscope.cli;

import io.heapscope.engine.ExpectResult;
import io.heapscope.engine.ScenarioRun;
import io.heapscope.scenario.op.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/** {@code heapscope check FILE|DIR...}: runs every expect of one or many scenarios. */
final class CheckCommand {

    static final String HELP = """
            usage: heapscope check FILE|DIR... [--backend NAME] [--no-progress]

            Runs each scenario (a directory means every *.scenario file in it, sorted) to its end
            and checks every expect. Prints one line per scenario and each failed expect as
            file:line:col. Exits 1 if any expect failed or could not be measured, 3 if a
            scenario does not compile, 4 if the agent failed; every file is still checked.

              --backend NAME   core (default), glibc, mimalloc, jemalloc or tcmalloc
              --no-progress    no progress bar on the terminal
            """;

    private CheckCommand() {
    }

    static ExitCode run(List<String> arguments, Context context) throws UsageException, CliFailure {
        Args args = Args.parse(arguments, Set.of("backend"), Set.of("no-progress"));
        if (args.positional().isEmpty()) {
            throw new UsageException("check takes one or more scenario files or directories");
        }
        Context ctx = args.flag("no-progress") ? new Context(context.out(), context.err(), false) : context;
        var agent = Context.backend(args.value("backend").orElse("core"));
        List<Path> files = new ArrayList<>();
        for (String p : args.positional()) {
            files.addAll(expand(Path.of(p)));
        }
        ExitCode result = ExitCode.OK;
        int passed = 0;
        for (Path file : files) {
            ExitCode one = checkOne(file, ctx, agent);
            passed += one == ExitCode.OK ? 1 : 0;
            result = result.worst(one);
        }
        ctx.out().printf("%d of %d scenario(s) passed%n", passed, files.size());
        return result;
    }

    private static ExitCode checkOne(Path file, Context ctx, io.heapscope.agent.AgentOptions agent) {
        try {
            Program program = ctx.compile(file);
            ScenarioRun.Report r = ctx.run(program, Context.config(agent), OptionalLong.empty(),
                    file.getFileName().toString());
            List<ExpectResult> bad = r.expects().stream()
                    .filter(e -> e.outcome() != ExpectResult.Outcome.PASSED).toList();
            ctx.out().printf("%s %s: %d expect(s), %d failed, %.2f s%n", bad.isEmpty() ? "PASS" : "FAIL", file,
                    r.expects().size(), bad.size(), r.wallNanos() / 1e9);
            bad.forEach(e -> ctx.out().println("  " + e));
            return bad.isEmpty() ? ExitCode.OK : ExitCode.EXPECT_FAILED;
        } catch (CliFailure f) {
            ctx.out().printf("ERROR %s: %s%n", file, f.getMessage());
            return f.code();
        }
    }

    private static List<Path> expand(Path p) throws CliFailure {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        try (Stream<Path> s = Files.list(p)) {
            List<Path> files = s.filter(f -> f.toString().endsWith(".scenario")).sorted().toList();
            if (files.isEmpty()) {
                throw new CliFailure(ExitCode.IO_ERROR, p + ": no .scenario files");
            }
            return files;
        } catch (IOException e) {
            throw new CliFailure(ExitCode.IO_ERROR, p + ": " + e.getMessage());
        }
    }
}
