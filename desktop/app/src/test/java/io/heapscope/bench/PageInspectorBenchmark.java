package io.heapscope.bench;

import javafx.application.Platform;

/**
 * Frame times of the page inspector: a plain main program, not a test. From {@code desktop/}:
 * {@code mvn -q -o test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.heapscope.bench.PageInspectorBenchmark}
 */
public final class PageInspectorBenchmark {

    private PageInspectorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            io.heapscope.ui.pageinspector.PageInspectorFrames.run();
        } finally {
            Platform.exit();
        }
    }
}
