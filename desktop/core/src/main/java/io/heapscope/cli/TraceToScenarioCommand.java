package io.heapscope.cli;

import io.heapscope.trace.TraceReplay;
import io.heapscope.trace.TraceScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code heapscope trace-to-scenario FILE}: a range of a trace as an editable scenario. */
final class TraceToScenarioCommand {

    static final String HELP = """
            usage: heapscope trace-to-scenario FILE [--from N] [--to N] [-o OUT | --output OUT]

            Writes events N..M of a trace (numbered as replay steps them: 0 is the first) as a
            scenario: threads t0, t1, ..., blocks as elements of one array b, gaps in the
            recorded clock as sleeps, repeated patterns folded into for loops. Blocks allocated
            before the range and freed or resized in it are allocated first. The result runs
            with run and check like any scenario.

              --from N       the first event (default 0)
              --to N         the event after the last (default: the end of the trace)
              --output OUT   where the scenario goes (also -o); absent or '-': standard output
            """;

    private TraceToScenarioCommand() {
    }

    static ExitCode run(List<String> arguments, Context ctx) throws UsageException, CliFailure {
        List<String> own = arguments.stream().map(a -> a.equals("-o") ? "--output" : a).toList();
        Args args = Args.parse(own, Set.of("from", "to", "output"), Set.of());
        if (args.positional().size() != 1) {
            throw new UsageException("trace-to-scenario takes one trace file");
        }
        Path file = Path.of(args.positional().getFirst());
        if (Files.isRegularFile(file) && !TraceLoading.isTrace(file)) {
            throw new CliFailure(ExitCode.IO_ERROR, file + ": byte offset 0: not a trace (.hstrace, glibc mtrace log"
                    + " or Android record_allocs log)");
        }
        TraceReplay.Loaded loaded = TraceLoading.load(file, Optional.empty(), ctx);
        long events = loaded.replayedEvents();
        long from = args.number("from").orElse(0L);
        long to = args.number("to").orElse(events);
        if (to > events) {
            throw new UsageException("--to " + to + " is past the end: the trace replays " + events + " events");
        }
        if (from >= to) {
            throw new UsageException("--from " + from + " must be before --to " + to);
        }
        String text;
        try {
            text = TraceScenario.write(loaded.program(), file.getFileName().toString(), from, to);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String out = args.value("output").orElse("-");
        if (out.equals("-")) {
            ctx.out().print(text);
            return ExitCode.OK;
        }
        Path target = Path.of(out);
        try {
            Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".trace-to-scenario", ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.IO_ERROR, "cannot write " + out + ": " + e.getMessage());
        }
        ctx.err().println("wrote " + out + " (events " + from + ".." + to + ")");
        return ExitCode.OK;
    }
}
