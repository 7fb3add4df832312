package io.heapscope.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import javafx.application.Platform;
import javafx.stage.Stage;

import io.heapscope.agent.AgentBinaries;
import io.heapscope.app.AppServices;
import io.heapscope.app.MainWindow;
import io.heapscope.app.SilentPrompts;
import io.heapscope.app.StepPicture;
import io.heapscope.app.session.EngineSession;
import io.heapscope.app.session.SessionState;

/**
 * Step-to-screen latency on a heap of about 10,000 pages (the target: under 50 ms). Opens
 * the real window on the real engine, runs a scenario that fills 10,000 small pages (40,000
 * blocks of 16 KiB, four per 64 KiB page), then presses Step (on the FX thread) again and again
 * and times each step from the press until the views have shown the new picture and the next
 * pulse has laid them out. A plain main program, not a test; from {@code desktop/}:
 * {@code mvn -q -o test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.heapscope.bench.StepLatencyBenchmark}
 */
public final class StepLatencyBenchmark {

    static final int PAGES = 10_000;
    static final int STEPS = 40;
    static final String SCENARIO = """
            # About 10,000 small pages: 40,000 blocks of 16 KiB, four per 64 KiB page.
            thread main
            main: for i in 0..%d {
              a[i] = malloc 16 KiB
            }
            main: for i in 0..1000 {
              b[i] = malloc 16 KiB
            }
            """.formatted(PAGES * 4);
    static final int SECOND_LOOP_LINE = 6;

    private StepLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            AgentBinaries.agent();
        } catch (IllegalStateException e) {
            System.err.println("StepLatencyBenchmark needs the native agent: " + e.getMessage()
                    + "\nBuild it with: cmake --build native/build -j2");
            System.exit(2);
        }
        FxBench.startToolkit(false);
        Path dir = Files.createTempDirectory("hs-latency");
        Path file = dir.resolve("ten-thousand-pages.scenario");
        Files.writeString(file, SCENARIO);
        EngineSession session = EngineSession.create();
        AppServices services = AppServices.create(dir, dir, session);
        AtomicLong shownStep = new AtomicLong(-1);
        AtomicLong pictureReady = new AtomicLong();
        session.subscribePictures(p -> pictureReady.set(System.nanoTime()));
        CompletableFuture<Object[]> opened = new CompletableFuture<>();
        Platform.runLater(() -> {
            Stage stage = new Stage();
            MainWindow window = new MainWindow(services, stage, new SilentPrompts());
            stage.setWidth(1400);
            stage.setHeight(900);
            stage.show();
            window.open(file);
            opened.complete(new Object[] {window, stage});
        });
        Object[] ws = opened.get(30, TimeUnit.SECONDS);
        MainWindow window = (MainWindow) ws[0];
        Stage stage = (Stage) ws[1];
        await(session, s -> s.status() == SessionState.Status.PAUSED, 60);
        long t0 = System.nanoTime();
        Platform.runLater(() -> session.runToLine(SECOND_LOOP_LINE));
        await(session, s -> s.status() == SessionState.Status.PAUSED && s.step() > 0, 300);
        System.out.printf("BENCH step latency: built the heap (%,d steps) in %.1f s%n", session.state().step(),
                (System.nanoTime() - t0) / 1e9);
        waitForPicture(window, session.state().step());
        StepPicture heap = onFx(window::picture);
        System.out.printf("BENCH step latency: heap of %,d pages in %d segments (%,d blocks)%n",
                heap.snapshot().map(s -> s.pages().size()).orElse(0), heap.space().segments().size(),
                heap.snapshot().map(s -> s.pages().stream().mapToLong(p -> p.reserved()).sum()).orElse(0L));

        double[] toPicture = new double[STEPS];
        double[] toViews = new double[STEPS];
        double[] toPulse = new double[STEPS];
        for (int i = 0; i < STEPS; i++) {
            long target = session.state().step() + 1;
            CountDownLatch shown = new CountDownLatch(1);
            long[] times = new long[3];
            Platform.runLater(() -> {
                window.setOnShown(p -> {
                    if (p.step() == target && times[1] == 0) {
                        times[1] = System.nanoTime();
                        stage.getScene().addPostLayoutPulseListener(new Runnable() {
                            @Override
                            public void run() {
                                stage.getScene().removePostLayoutPulseListener(this);
                                times[2] = System.nanoTime();
                                shown.countDown();
                            }
                        });
                    }
                });
                times[0] = System.nanoTime();
                session.step();
            });
            if (!shown.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("step " + target + " never reached the views");
            }
            toPicture[i] = (pictureReady.get() - times[0]) / 1e6;
            toViews[i] = (times[1] - times[0]) / 1e6;
            toPulse[i] = (times[2] - times[0]) / 1e6;
            shownStep.set(target);
            Thread.sleep(50);
        }
        FxBench.print("step → picture ready (engine + snapshot + conversion)", toPicture, 5);
        FxBench.print("step → views updated (FX door + apply)", toViews, 5);
        FxBench.print("step → next pulse laid out (on screen)", toPulse, 5);
        double[] sorted = Arrays.copyOfRange(toPulse, 5, STEPS);
        Arrays.sort(sorted);
        System.out.printf("BENCH step latency on %,d pages: median %.1f ms (target < 50 ms): %s%n", PAGES,
                sorted[sorted.length / 2], sorted[sorted.length / 2] < 50 ? "met" : "NOT met");
        FxBench.savePng(stage, Path.of("target", "bench", "step-latency-10k-pages.png"));
        session.close();
        services.close();
        Platform.exit();
    }

    private static void await(EngineSession session, Predicate<SessionState> condition, int seconds)
            throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.test(session.state())) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the session did not get there: " + session.state());
            }
            Thread.sleep(20);
        }
    }

    private static void waitForPicture(MainWindow window, long step) throws Exception {
        long end = System.nanoTime() + 60_000_000_000L;
        while (onFx(window::picture).step() != step) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the views never showed step " + step);
            }
            Thread.sleep(20);
        }
    }

    private static <T> T onFx(java.util.function.Supplier<T> what) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> f.complete(what.get()));
        return f.get(30, TimeUnit.SECONDS);
    }
}
