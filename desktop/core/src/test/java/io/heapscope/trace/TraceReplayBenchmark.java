package io.heapscope.trace;

import io.heapscope.agent.AgentOptions;
import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.ScenarioRun;
import io.heapscope.scenario.ScenarioCompiler;
import io.heapscope.scenario.op.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Replaying a recording on the core (a benchmark, not a test: surefire never runs it). Records
 * python3 on an allocation-heavy workload of about 1M events (or takes the .hstrace given as
 * argument), reads it into a program, then replays it to the end on the core, interleaved with a
 * reference in the same run: a compiled scenario of as many ops on one thread (malloc and free
 * of 64 B), the engine's own speed. Prints the medians of ROUNDS rounds: events/s of the replay
 * (target ≥ 1M), ops/s of the reference, their ratio, and the time and heap to read the trace.
 * From desktop/core/:
 *
 * <pre>mvn -q -o test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.heapscope.trace.TraceReplayBenchmark</pre>
 */
public final class TraceReplayBenchmark {
    private TraceReplayBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path trace;
        if (args.length > 0) {
            trace = Path.of(args[0]);
        } else {
            trace = Files.createTempFile("heapscope-replay-bench", ".hstrace");
            trace.toFile().deleteOnExit();
            String py = "d = {}\nfor i in range(50000):\n    d[i] = ('k%d' % i, [i, str(i)], {'v': i})\n"
                    + "    if i % 3 == 0:\n        del d[i // 2]\n";
            ProcessBuilder which = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)");
            String python = new String(which.start().getInputStream().readAllBytes()).strip();
            ProcessBuilder pb = new ProcessBuilder("env", "PYTHONMALLOC=malloc", python, "-c", py);
            pb.environment().put("LD_PRELOAD", Recordings.library().toString());
            pb.environment().put("HEAPSCOPE_TRACE", trace.toString());
            pb.inheritIO();
            if (pb.start().waitFor() != 0) throw new IllegalStateException("recording failed");
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heapBefore = rt.totalMemory() - rt.freeMemory();
        long t0 = System.nanoTime();
        TraceReplay.Loaded loaded = TraceReplay.load(trace, TraceSetup.NONE);
        double loadMs = (System.nanoTime() - t0) / 1e6;
        System.gc();
        long heapAfter = rt.totalMemory() - rt.freeMemory();
        long events = loaded.replayedEvents();
        int ops = loaded.program().ops().size();
        Program reference = ScenarioCompiler.compile("reference.scenario", "thread t0\nt0: repeat " + ops / 2
                + " {\n  b = malloc 64 B\n  free b\n}\n").program().orElseThrow();

        int rounds = 3;
        double[] replay = new double[rounds], ref = new double[rounds];
        EngineConfig config = EngineConfig.headless(AgentOptions.core()).withCheckpoints(false, Runnable::run);
        for (int r = 0; r < rounds; r++) {
            ScenarioRun.Report a = ScenarioRun.run(loaded.program(), config, OptionalLong.empty());
            if (a.failed()) throw new IllegalStateException(a.outcome().detail());
            replay[r] = events / (a.wallNanos() / 1e9);
            ScenarioRun.Report b = ScenarioRun.run(reference, config, OptionalLong.empty());
            ref[r] = b.figures().ops() / (b.wallNanos() / 1e9);
        }
        Arrays.sort(replay);
        Arrays.sort(ref);
        System.out.printf("BENCH trace-replay file %s: %,d events read, %,d replayed as %,d ops on %d thread(s)%n",
                trace.getFileName(), loaded.events(), events, ops, loaded.traceThreads());
        System.out.printf("BENCH trace-replay read into a program: %.0f ms, heap %.1f MiB (%.1f bytes per op)%n",
                loadMs, (heapAfter - heapBefore) / 1048576.0, (heapAfter - heapBefore) / (double) ops);
        System.out.printf("BENCH trace-replay on the core: median %,.0f events/s (min %,.0f, max %,.0f; target >= 1,000,000)%n",
                replay[rounds / 2], replay[0], replay[rounds - 1]);
        System.out.printf("BENCH trace-replay reference, a scenario of %,d ops on one thread: median %,.0f ops/s; "
                + "replay events/s / reference ops/s = %.2f%n", ops, ref[rounds / 2], replay[rounds / 2] / ref[rounds / 2]);
    }
}
