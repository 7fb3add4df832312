package io.heapscope.ui.pageinspector;

import java.nio.file.Path;

import javafx.application.Platform;
import javafx.stage.Stage;

import io.heapscope.bench.FxBench;

/**
 * Frame times of the page inspector on a page of 8,192 blocks (8-byte blocks in a 64 KiB page),
 * with long free-list chains on the overlay. Run by the plain main
 * program {@code io.heapscope.bench.PageInspectorBenchmark} (see docs/benchmarks.md); prints figures only.
 */
public final class PageInspectorFrames {

    private static final int FRAMES = 300;

    private PageInspectorFrames() {
    }

    /** Prints the frame times; run by {@code io.heapscope.bench.PageInspectorBenchmark}. */
    public static void run() throws Exception {
        FxBench.startToolkit();
        PageBlocks[] pages = new PageBlocks[8];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = SyntheticPages.mixed(8192, 6000, 8, 7 + i);
        }
        PageInspectorView view = new PageInspectorView();
        Stage stage = FxBench.show(view, 1280, 800);
        Platform.runLater(() -> view.pageProperty().set(pages[0]));
        FxBench.frames(10, () -> 0);
        System.out.printf("BENCH page inspector: %d×%d px grid, 8192 blocks, cell %d px, chains %d/%d/%d links%n",
                view.surface().surfaceWidth(), view.surface().surfaceHeight(), view.model().gridProperty().get().cell(),
                pages[0].freeList().length, pages[0].localFreeList().length, pages[0].threadFreeList().length);

        int[] h = {0};
        double[][] hover = FxBench.frames(FRAMES, () -> {
            long t0 = System.nanoTime();
            view.model().hoverProperty().set((h[0] += 37) % 8192);
            view.surface().paintNow();
            return System.nanoTime() - t0;
        });
        FxBench.print("hover moves every frame (grid repaint): frame", hover[0], 20);
        FxBench.print("hover moves every frame (grid repaint): paint", hover[1], 20);

        int[] k = {0};
        double[][] step = FxBench.frames(FRAMES, () -> {
            long t0 = System.nanoTime();
            PageBlocks next = pages[++k[0] % pages.length];
            view.pageProperty().set(next);
            view.model().hoverProperty().set(next.threadFreeList()[0]);
            view.surface().paintNow();
            return System.nanoTime() - t0;
        });
        FxBench.print("new page each frame, thread_free chain drawn: frame", step[0], 20);
        FxBench.print("new page each frame, thread_free chain drawn: paint", step[1], 20);

        FxBench.savePng(stage, Path.of("target", "bench", "page-inspector-8192.png"));
        Platform.runLater(() -> view.pageProperty().set(SyntheticPages.mixed(64, 48, 1024, 5)));
        FxBench.frames(5, () -> 0);
        FxBench.savePng(stage, Path.of("target", "bench", "page-inspector-64.png"));
        Platform.runLater(() -> view.pageProperty().set(SyntheticPages.mixed(256, 200, 256, 5)));
        FxBench.frames(5, () -> 0);
        FxBench.savePng(stage, Path.of("target", "bench", "page-inspector-256.png"));
        FxBench.close(stage);
        FxBench.frames(2, () -> 0);
    }
}
