package io.heapscope.bench;

import javafx.application.Platform;

/**
 * Frame times of the address-space view: a plain main program, not a test. From {@code desktop/}:
 * {@code mvn -q -o test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.heapscope.bench.AddressSpaceBenchmark}
 */
public final class AddressSpaceBenchmark {

    private AddressSpaceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            io.heapscope.ui.addressspace.AddressSpaceFrames.run();
        } finally {
            Platform.exit();
        }
    }
}
