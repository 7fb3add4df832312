package io.heapscope.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

import io.heapscope.ui.fx.NodePng;

/**
 * Helpers for frame-time benchmarks: start the toolkit with unthrottled pulses (so the time
 * between pulses is the real cost of a frame, not the 60 Hz cap), show a node, and time frames.
 * Prints figures; asserts nothing about time. The benchmarks in this package are plain
 * {@code main} programs (surefire does not run them); from {@code desktop/}:
 * <pre>
 * mvn -q -o test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.heapscope.bench.AddressSpaceBenchmark
 * </pre>
 * (also {@code PageInspectorBenchmark} and {@code StepLatencyBenchmark}; see docs/benchmarks.md).
 */
public final class FxBench {

    private FxBench() {
    }

    /**
     * Starts JavaFX once, with {@code javafx.animation.fullspeed} so pulses run back to back.
     * Without a display (no {@code DISPLAY}, no {@code -Dglass.platform}) it runs headless on
     * Monocle with the software pipeline, as the UI tests do; under {@code xvfb-run} it uses the
     * display.
     */
    public static void startToolkit() throws Exception {
        startToolkit(true);
    }

    /** As {@link #startToolkit()}; {@code fullSpeed} false keeps the normal 60 Hz pulse. */
    public static void startToolkit(boolean fullSpeed) throws Exception {
        if (fullSpeed) {
            System.setProperty("javafx.animation.fullspeed", "true");
        }
        if (System.getProperty("glass.platform") == null && System.getenv("DISPLAY") == null) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("prism.text", "t2k");
        }
        // Monocle's headless screen is 1280x800 unless told; a bigger stage overflows its buffer.
        System.setProperty("headless.geometry", "1920x1200-32");
        CountDownLatch started = new CountDownLatch(1);
        try {
            Platform.startup(started::countDown);
        } catch (IllegalStateException alreadyRunning) {
            started.countDown();
        }
        started.await(20, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
    }

    /** Shows {@code root} in a {@code w × h} stage and waits for it to be laid out. */
    public static Stage show(Parent root, int w, int h) throws Exception {
        CompletableFuture<Stage> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            Stage stage = new Stage();
            Scene scene = new Scene(root, w, h);
            scene.getStylesheets().add(FxBench.class.getResource("/io/heapscope/ui/theme/heapscope.css").toExternalForm());
            stage.setScene(scene);
            stage.show();
            f.complete(stage);
        });
        Stage stage = f.get(20, TimeUnit.SECONDS);
        frames(10, () -> 0);
        return stage;
    }

    /**
     * Runs {@code count} pulses. Before each, {@code change} runs on the FX thread and returns
     * nanoseconds it wants reported as "paint" (0 if none). Returns {frame intervals, paint times}
     * in milliseconds.
     */
    public static double[][] frames(int count, LongSupplier change) throws Exception {
        double[] frame = new double[count];
        double[] paint = new double[count];
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> new AnimationTimer() {
            private long last = -1;
            private int i = -1;

            @Override
            public void handle(long now) {
                long t = System.nanoTime();
                if (i >= 0) {
                    frame[i] = (t - last) / 1e6;
                }
                i++;
                if (i == count) {
                    stop();
                    done.countDown();
                    return;
                }
                paint[i] = change.getAsLong() / 1e6;
                last = t;
            }
        }.start());
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("frames did not finish");
        }
        return new double[][] {frame, paint};
    }

    /** Prints median, 95th percentile and max of {@code ms}, skipping the first {@code warmup}. */
    public static void print(String label, double[] ms, int warmup) {
        double[] s = Arrays.copyOfRange(ms, warmup, ms.length);
        Arrays.sort(s);
        System.out.printf("BENCH %-58s n=%4d  median %6.2f ms  p95 %6.2f ms  max %6.2f ms%n", label, s.length,
                s[s.length / 2], s[(int) Math.min(s.length - 1, Math.round(s.length * 0.95))], s[s.length - 1]);
    }

    /** Saves a picture of the stage's scene, so a person can look at what was measured. */
    public static void savePng(Stage stage, Path file) throws Exception {
        CompletableFuture<java.awt.image.BufferedImage> f = new CompletableFuture<>();
        Platform.runLater(() -> f.complete(NodePng.capture(stage.getScene().getRoot())));
        NodePng.write(f.get(20, TimeUnit.SECONDS), file);
        System.out.println("BENCH picture: " + file.toAbsolutePath());
    }

    public static void close(Stage stage) {
        Platform.runLater(stage::close);
    }
}
