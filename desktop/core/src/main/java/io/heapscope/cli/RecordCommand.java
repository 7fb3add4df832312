package io.heapscope.cli;

import io.heapscope.agent.AgentBinaries;
import io.heapscope.agent.SystemAllocator;
import io.heapscope.trace.HstraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code heapscope record -o OUT -- CMD ARGS...}: runs a command under the recorder
 * ({@code native/build/libheapscope-record.so}, preloaded) and says what the trace holds.
 */
final class RecordCommand {

    static final String HELP = """
            usage: heapscope record -o OUT.hstrace [--under NAME|LIBRARY] -- CMD ARGS...

            Runs CMD with the recorder preloaded (native/build/libheapscope-record.so): every
            malloc, calloc, realloc, free, aligned allocation and C++ new/delete goes to OUT
            (docs/trace-format.md). The command's own input and output pass through. Then prints
            the events, threads and bytes per event. A program CMD forks or starts writes
            OUT.PID. Exits with 0 when the trace was written, whatever the command's status.

              -o, --output OUT   the trace file to write
              --under NAME       forward to another allocator than glibc: mimalloc, jemalloc,
                                 tcmalloc, or the path of a malloc library
            """;

    private RecordCommand() {
    }

    static ExitCode run(List<String> arguments, Context ctx) throws UsageException, CliFailure {
        int dashes = arguments.indexOf("--");
        if (dashes < 0 || dashes == arguments.size() - 1) {
            throw new UsageException("record needs the command after '--': record -o OUT -- CMD ARGS...");
        }
        List<String> command = arguments.subList(dashes + 1, arguments.size());
        Path out = null;
        String under = null;
        List<String> own = arguments.subList(0, dashes);
        for (int i = 0; i < own.size(); i++) {
            String a = own.get(i);
            if (a.equals("-o") || a.equals("--output") || a.equals("--under")) {
                if (i + 1 >= own.size()) {
                    throw new UsageException(a + " needs a value");
                }
                String v = own.get(++i);
                if (a.equals("--under")) {
                    under = v;
                } else {
                    out = Path.of(v);
                }
            } else {
                throw new UsageException("unknown option " + a + " (the command goes after '--')");
            }
        }
        if (out == null) {
            throw new UsageException("record needs -o OUT.hstrace");
        }
        Path recorder;
        try {
            recorder = AgentBinaries.find("libheapscope-record.so");
        } catch (IllegalStateException e) {
            throw new CliFailure(ExitCode.AGENT_FAILED, e.getMessage());
        }
        List<String> preload = new ArrayList<>(List.of(recorder.toString()));
        String underName = null;
        if (under != null) {
            Path lib = underLibrary(under);
            preload.add(lib.toString());
            underName = under.contains("/") ? lib.getFileName().toString() : under.toLowerCase(Locale.ROOT);
        }
        try {
            Files.deleteIfExists(out);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.IO_ERROR, out + ": " + e.getMessage());
        }
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        String inherited = pb.environment().get("LD_PRELOAD");
        if (inherited != null && !inherited.isBlank()) {
            preload.add(inherited);
        }
        pb.environment().put("LD_PRELOAD", String.join(" ", preload));
        pb.environment().put("HEAPSCOPE_TRACE", out.toAbsolutePath().toString());
        pb.environment().remove("HEAPSCOPE_TRACE_OWNER");
        if (underName != null) {
            pb.environment().put("HEAPSCOPE_UNDER", underName);
        }
        long start = System.nanoTime();
        int status;
        try {
            status = pb.start().waitFor();
        } catch (IOException e) {
            throw new CliFailure(ExitCode.IO_ERROR, "cannot run " + command.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.IO_ERROR, "interrupted while " + command.getFirst() + " ran");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!Files.exists(out)) {
            throw new CliFailure(ExitCode.IO_ERROR, "the recorder wrote no " + out + " (" + command.getFirst()
                    + " exited with " + status + ")");
        }
        summary(out, status, seconds, ctx);
        return ExitCode.OK;
    }

    private static Path underLibrary(String under) throws UsageException {
        if (under.contains("/")) {
            Path lib = Path.of(under).toAbsolutePath();
            if (!Files.isReadable(lib)) {
                throw new UsageException("--under " + under + ": no such library");
            }
            return lib;
        }
        for (SystemAllocator a : SystemAllocator.values()) {
            if (a != SystemAllocator.GLIBC && a.name().equalsIgnoreCase(under)) {
                try {
                    return a.require().orElseThrow();
                } catch (IllegalStateException e) {
                    throw new UsageException("--under " + under + ": " + e.getMessage());
                }
            }
        }
        throw new UsageException("--under takes mimalloc, jemalloc, tcmalloc or a library path, not '" + under + "'");
    }

    private static void summary(Path out, int status, double seconds, Context ctx) throws CliFailure {
        long events = 0;
        try (HstraceReader r = HstraceReader.open(out)) {
            long bytes = Files.size(out);
            while (r.next()) {
                events++;
            }
            ctx.err().printf("recorded %s: %,d events from %d thread(s) in %.2f s, %,d bytes (%.2f B/event), "
                            + "allocator under: %s; %s exited with %d%n", out, events, r.threadCount(), seconds, bytes,
                    bytes / (double) Math.max(1, events), r.header().under(), r.header().command().split(" ")[0], status);
            if (r.problems().stoppedEarly()) {
                ctx.err().println(r.problems().errorMessage());
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCode.IO_ERROR, e.getMessage());
        }
    }
}
