package io.heapscope.trace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reading a large recording (a benchmark, not a test: surefire never runs it). Records python3 on
 * an allocation-heavy workload of about 10M events (or reads the .hstrace given as argument),
 * then opens and reads it to the end ROUNDS times and prints the median time to open (record
 * headers), to read every event in program order, events/s, and the heap in use afterwards.
 * Targets: open and read 10M events in ≤ 5 s; memory per event constant. From desktop/core/:
 *
 * <pre>mvn -q -o test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.heapscope.trace.TraceReadBenchmark</pre>
 */
public final class TraceReadBenchmark {
    private TraceReadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path trace;
        if (args.length > 0) {
            trace = Path.of(args[0]);
        } else {
            trace = Files.createTempFile("heapscope-bench", ".hstrace");
            trace.toFile().deleteOnExit();
            String py = "d = {}\nfor i in range(500000):\n    d[i] = ('k%d' % i, [i, str(i)], {'v': i})\n"
                    + "    if i % 3 == 0:\n        del d[i // 2]\n";
            ProcessBuilder which = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)");
            String python = new String(which.start().getInputStream().readAllBytes()).strip();
            ProcessBuilder pb = new ProcessBuilder("env", "PYTHONMALLOC=malloc", python, "-c", py);
            pb.environment().put("LD_PRELOAD", Recordings.library().toString());
            pb.environment().put("HEAPSCOPE_TRACE", trace.toString());
            pb.inheritIO();
            if (pb.start().waitFor() != 0) throw new IllegalStateException("recording failed");
        }
        int rounds = 5;
        double[] open = new double[rounds], read = new double[rounds], cpu = new double[rounds];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long events = 0, heap = 0;
        for (int r = 0; r < rounds; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            try (HstraceReader reader = HstraceReader.open(trace)) {
                long t1 = System.nanoTime();
                long n = 0, sum = 0;
                while (reader.next()) { n++; sum += reader.size() + reader.newObject(); }
                long t2 = System.nanoTime();
                cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
                if (reader.problems().stoppedEarly()) throw new IllegalStateException(reader.problems().errorMessage());
                open[r] = (t1 - t0) / 1e6;
                read[r] = (t2 - t0) / 1e6;
                events = n;
                System.gc();
                Runtime rt = Runtime.getRuntime();
                heap = Math.max(heap, rt.totalMemory() - rt.freeMemory());
                if (sum == 42) System.out.print("");
            }
        }
        Arrays.sort(open);
        Arrays.sort(read);
        Arrays.sort(cpu);
        System.out.printf("BENCH trace-read file %s: %,d events, %,d bytes%n", trace.getFileName(), events, Files.size(trace));
        System.out.printf("BENCH trace-read open (record headers) median %.1f ms, open + read all median %.0f ms (min %.0f, max %.0f), %.2f M events/s (target: 10M events <= 5 s)%n",
                open[rounds / 2], read[rounds / 2], read[0], read[rounds - 1], events / read[rounds / 2] / 1e3);
        System.out.printf("BENCH trace-read CPU time of the reading thread, open + read all: median %.0f ms (min %.0f, max %.0f)%n",
                cpu[rounds / 2], cpu[0], cpu[rounds - 1]);
        System.out.printf("BENCH trace-read heap in use after reading, max over rounds: %.1f MiB%n", heap / 1048576.0);
    }
}
