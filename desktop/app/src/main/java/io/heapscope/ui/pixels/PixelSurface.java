package io.heapscope.ui.pixels;

import java.nio.IntBuffer;
import java.util.Objects;

import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;

/**
 * A region that shows a viewport-sized {@link PixelBuffer} and lets a {@link Painter} write its
 * pixels as ints. The buffer follows the region's size; zoom and pan are the painter's business.
 *
 * <p>{@link #repaint()} only marks the surface dirty and asks for a layout, so any number of
 * repaint requests within one pulse cost one paint, done during that pulse's layout pass.
 */
public final class PixelSurface extends Region {

    /** Writes a whole frame: {@code pixels[y * width + x]}, opaque premultiplied ARGB. */
    @FunctionalInterface
    public interface Painter {
        void paint(int[] pixels, int width, int height);
    }

    private final ImageView view = new ImageView();
    private final Painter painter;
    private int[] pixels = new int[0];
    private PixelBuffer<IntBuffer> buffer;
    private int width;
    private int height;
    private boolean dirty = true;
    private long paints;

    public PixelSurface(Painter painter) {
        this.painter = Objects.requireNonNull(painter, "painter");
        getStyleClass().add("hs-pixel-surface");
        view.setManaged(false);
        view.setSmooth(false);
        getChildren().add(view);
        setMinSize(0, 0);
        setPrefSize(400, 300);
    }

    /** Asks for a new frame at the next pulse; cheap to call often. */
    public void repaint() {
        dirty = true;
        requestLayout();
    }

    /** Paints now if the surface is dirty (also called by layout). Returns true if it painted. */
    public boolean paintNow() {
        int w = (int) Math.floor(getWidth());
        int h = (int) Math.floor(getHeight());
        if (w <= 0 || h <= 0) {
            return false;
        }
        if (w != width || h != height) {
            allocate(w, h);
        }
        if (!dirty) {
            return false;
        }
        dirty = false;
        painter.paint(pixels, width, height);
        buffer.updateBuffer(b -> null);
        paints++;
        return true;
    }

    /** Frames painted so far, for tests and benchmarks. */
    public long paintCount() {
        return paints;
    }

    public int surfaceWidth() {
        return width;
    }

    public int surfaceHeight() {
        return height;
    }

    @Override
    protected void layoutChildren() {
        paintNow();
    }

    private void allocate(int w, int h) {
        width = w;
        height = h;
        pixels = new int[w * h];
        buffer = new PixelBuffer<>(w, h, IntBuffer.wrap(pixels), PixelFormat.getIntArgbPreInstance());
        view.setImage(new WritableImage(buffer));
        view.relocate(0, 0);
        dirty = true;
    }
}
