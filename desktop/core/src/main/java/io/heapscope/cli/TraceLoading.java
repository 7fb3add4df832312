package io.heapscope.cli;

import io.heapscope.scenario.op.Program;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.trace.TraceFormatException;
import io.heapscope.trace.TraceReplay;
import io.heapscope.trace.TraceSetup;
import io.heapscope.trace.Traces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens a trace for the commands that run programs ({@code replay}, and {@code run}, {@code export},
 * {@code compare}, {@code ops} given a trace instead of a scenario): the trace read into a program,
 * with what the reader skipped (a cut or corrupt tail, frees of unknown objects) printed to
 * standard error, and the options and expects of an expect file.
 */
final class TraceLoading {

    private TraceLoading() {
    }

    static boolean isTrace(Path file) {
        return Traces.isTrace(file);
    }

    static TraceReplay.Loaded load(Path file, Optional<Path> expectFile, Context ctx) throws CliFailure {
        TraceSetup setup = TraceSetup.NONE;
        if (expectFile.isPresent()) {
            Path e = expectFile.get();
            String text;
            try {
                text = Files.readString(e);
            } catch (NoSuchFileException x) {
                throw new CliFailure(ExitCode.IO_ERROR, e + ": no such file");
            } catch (IOException x) {
                throw new CliFailure(ExitCode.IO_ERROR, e + ": " + x.getMessage());
            }
            TraceSetup.Parsed parsed = TraceSetup.parse(e.toString(), text);
            parsed.diagnostics().forEach(d -> ctx.err().println(d));
            if (parsed.setup().isEmpty()) {
                throw new CliFailure(ExitCode.SCENARIO_ERROR, e + ": "
                        + parsed.diagnostics().stream().filter(Diagnostic::isError).count() + " error(s); nothing was run");
            }
            setup = parsed.setup().get();
        }
        TraceReplay.Loaded loaded;
        try {
            loaded = TraceReplay.load(file, setup);
        } catch (NoSuchFileException x) {
            throw new CliFailure(ExitCode.IO_ERROR, file + ": no such file");
        } catch (TraceFormatException x) {
            throw new CliFailure(ExitCode.IO_ERROR, x.getMessage());
        } catch (IOException x) {
            throw new CliFailure(ExitCode.IO_ERROR, file + ": " + x.getMessage());
        }
        if (loaded.problems().stoppedEarly()) {
            ctx.err().println(loaded.problems().errorMessage());
        }
        if (loaded.problems().unknownFrees() > 0) {
            ctx.err().println(loaded.problems().unknownFreesMessage());
        }
        return loaded;
    }

    static Program program(Path file, Context ctx) throws CliFailure {
        return load(file, Optional.empty(), ctx).program();
    }
}
