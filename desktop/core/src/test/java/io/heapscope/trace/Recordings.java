package io.heapscope.trace;

import io.heapscope.agent.AgentBinaries;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Records programs with the native build's recorder for the trace tests. */
final class Recordings {
    private Recordings() {}

    static Path library() {
        return AgentBinaries.find("libheapscope-record.so");
    }

    /** The recorder's test program (native/recorder/test-recorded.c). */
    static Path testProgram() {
        return AgentBinaries.find("recorder/test-recorded");
    }

    /** Runs the command under the recorder writing to out; returns the exit status. */
    static int record(Path out, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("LD_PRELOAD", library().toString());
        pb.environment().put("HEAPSCOPE_TRACE", out.toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("recording " + command + " did not finish in 60 s");
        }
        if (!Files.exists(out)) throw new IOException("the recorder wrote no " + out);
        return p.exitValue();
    }
}
