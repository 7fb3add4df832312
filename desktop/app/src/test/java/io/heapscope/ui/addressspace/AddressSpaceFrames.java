package io.heapscope.ui.addressspace;

import java.nio.file.Path;

import javafx.stage.Stage;

import io.heapscope.bench.FxBench;

/**
 * Frame times of the address-space view on a 1 GiB arena (32 segments × 512 slices, every slice
 * in use), on whatever pipeline the run uses (headless Monocle = software). Run by the plain
 * main program {@code io.heapscope.bench.AddressSpaceBenchmark} (see docs/benchmarks.md).
 * Prints figures, asserts nothing about time.
 */
public final class AddressSpaceFrames {

    private static final int FRAMES = 300;

    private AddressSpaceFrames() {
    }

    /** Prints the frame times; run by {@code io.heapscope.bench.AddressSpaceBenchmark}. */
    public static void run() throws Exception {
        FxBench.startToolkit();
        AddressSpaceData full = SyntheticSpaces.fullArena(32, 4, 42);
        AddressSpaceData[] variants = new AddressSpaceData[8];
        for (int i = 0; i < variants.length; i++) {
            variants[i] = SyntheticSpaces.fullArena(32, 4, 100 + i);
        }
        AddressSpaceView view = new AddressSpaceView();
        Stage stage = FxBench.show(view, 1600, 1000);
        javafx.application.Platform.runLater(() -> view.setData(full));
        FxBench.frames(10, () -> 0);
        PixelTimer t = new PixelTimer(view);
        System.out.printf("BENCH address space: %d×%d px surface, %d segments, %d slices%n",
                view.surface().surfaceWidth(), view.surface().surfaceHeight(), 32, 32 * 512);

        double[][] fit = FxBench.frames(FRAMES, t.after(() -> view.model().panBy(0, 0.0)));
        FxBench.print("fit (whole GiB), repaint each frame: frame", fit[0], 20);
        FxBench.print("fit (whole GiB), repaint each frame: paint", fit[1], 20);

        javafx.application.Platform.runLater(() -> view.model().viewportProperty().set(new Viewport(24, 0, 0)));
        double[][] pan = FxBench.frames(FRAMES, t.after(() -> view.model().panBy(-3, -2)));
        FxBench.print("zoomed 24 px/slice, pan every frame: frame", pan[0], 20);
        FxBench.print("zoomed 24 px/slice, pan every frame: paint", pan[1], 20);

        int[] k = {0};
        double[][] step = FxBench.frames(FRAMES, t.after(() -> view.setData(variants[k[0]++ % variants.length])));
        FxBench.print("new snapshot every frame (rebuild + paint): frame", step[0], 20);
        FxBench.print("new snapshot every frame (rebuild + paint): paint", step[1], 20);

        javafx.application.Platform.runLater(() -> view.model().colourModeProperty().set(AddressSpaceModel.ColourMode.OWNER));
        javafx.application.Platform.runLater(() -> view.model().fit(1600, 900));
        FxBench.frames(5, () -> 0);
        FxBench.savePng(stage, Path.of("target", "bench", "address-space-1GiB.png"));
        javafx.application.Platform.runLater(() -> {
            view.model().colourModeProperty().set(AddressSpaceModel.ColourMode.KIND);
            view.model().viewportProperty().set(new Viewport(22, 8, 8));
            view.setData(SyntheticSpaces.mixed());
        });
        FxBench.frames(5, () -> 0);
        FxBench.savePng(stage, Path.of("target", "bench", "address-space-mixed.png"));
        FxBench.close(stage);
        FxBench.frames(2, () -> 0);
    }

    /** Applies a change and paints at once, timing the change plus the paint. */
    private record PixelTimer(AddressSpaceView view) {
        java.util.function.LongSupplier after(Runnable change) {
            return () -> {
                long t0 = System.nanoTime();
                change.run();
                view.surface().repaint();
                view.surface().paintNow();
                return System.nanoTime() - t0;
            };
        }
    }
}
