package io.heapscope.ui.pageinspector;

import java.util.List;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;

import io.heapscope.ui.theme.Palette;

/**
 * Marks over the block grid that a pixel buffer draws badly: a dot on each free list's head
 * and, when links are few and cells big enough, an arrowhead on each link to show the order.
 * The links themselves are rasterised into the grid's pixel buffer ({@link BlockRenderer#chain}),
 * so a page with thousands of links costs a few thousand pixel writes, not thousands of Canvas
 * commands.
 */
final class ChainOverlay extends Canvas {

    private static final int MAX_ARROWS = 400;

    ChainOverlay() {
        setMouseTransparent(true);
        getStyleClass().add("hs-chain-overlay");
    }

    void draw(List<PageInspectorModel.Chain> chains, BlockGrid grid) {
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        double cell = grid.cell();
        for (PageInspectorModel.Chain chain : chains) {
            Color colour = colour(Palette.shade(chain.state().argb(), 0.55));
            int[] b = chain.blocks();
            g.setFill(colour);
            double r = Math.max(2, cell / 4);
            g.fillOval(grid.centreX(b[0]) - r, grid.centreY(b[0]) - r, 2 * r, 2 * r);
            if (b.length <= MAX_ARROWS && cell >= 8) {
                for (int i = 1; i < b.length; i++) {
                    arrow(g, grid.centreX(b[i - 1]), grid.centreY(b[i - 1]), grid.centreX(b[i]), grid.centreY(b[i]),
                            Math.min(6, cell / 3));
                }
            }
        }
    }

    private static void arrow(GraphicsContext g, double x0, double y0, double x1, double y1, double size) {
        double dx = x1 - x0;
        double dy = y1 - y0;
        double len = Math.hypot(dx, dy);
        if (len < 1e-6) {
            return;
        }
        double ux = dx / len;
        double uy = dy / len;
        double mx = (x0 + x1) / 2 + ux * size / 2;
        double my = (y0 + y1) / 2 + uy * size / 2;
        g.fillPolygon(
                new double[] {mx, mx - ux * size - uy * size / 2, mx - ux * size + uy * size / 2},
                new double[] {my, my - uy * size + ux * size / 2, my - uy * size - ux * size / 2}, 3);
    }

    private static Color colour(int argb) {
        return Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF, 0.9);
    }
}
