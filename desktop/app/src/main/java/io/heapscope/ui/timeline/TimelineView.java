package io.heapscope.ui.timeline;

import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.util.Duration;

import io.heapscope.ui.theme.Bytes;
import io.heapscope.ui.theme.Legend;
import io.heapscope.ui.theme.Palette;

/**
 * Reserved, committed, in use, pending cross-thread frees and RSS per step, with markers for
 * breakpoints (red) and allocator events (violet) and the current step. Click to jump there.
 */
public final class TimelineView extends BorderPane {

    private final TimelineModel model = new TimelineModel();
    private final Canvas canvas = new Canvas();
    private final Tooltip tooltip = new Tooltip();
    private final Legend legend = new Legend();
    private List<TimelineModel.Series> shownSeries = List.of();
    private LongConsumer onJump = step -> { };
    private long bandFrom = 1;
    private long bandTo = 0;

    public TimelineView() {
        getStyleClass().add("hs-timeline");
        Pane holder = new Pane(canvas);
        holder.setMinSize(0, 0);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener((o, a, b) -> draw());
        canvas.heightProperty().addListener((o, a, b) -> draw());
        setCenter(holder);
        showLegend(TimelineModel.SERIES);
        setBottom(legend);
        tooltip.setShowDelay(Duration.millis(200));
        Tooltip.install(canvas, tooltip);
        canvas.setOnMouseMoved(e -> tooltip.setText(model.describe(model.stepAt(e.getX(), canvas.getWidth()))));
        canvas.setOnMouseClicked(e -> {
            long step = model.stepAt(e.getX(), canvas.getWidth());
            if (step >= 0) {
                onJump.accept(step);
            }
        });
    }

    private void showLegend(List<TimelineModel.Series> series) {
        shownSeries = series;
        legend.show(series.stream().map(s -> new Legend.Entry(s.name(), s.argb(), s.explanation())).toList());
    }

    /** Called with the clicked step; the session replays to it. */
    public void setOnJump(LongConsumer action) {
        this.onJump = action;
    }

    public void show(List<TimelinePoint> points, long currentStep, Set<Long> breakpointSteps) {
        model.setPoints(points);
        List<TimelineModel.Series> measured = model.measured();
        if (!points.isEmpty() && !measured.equals(shownSeries)) {
            showLegend(measured);   /* a system allocator measures RSS only: no empty lines */
        }
        model.setCurrent(currentStep);
        model.setBreakpointSteps(breakpointSteps);
        draw();
    }

    /** Shades steps {@code from} to {@code to} (a lesson's range); {@code from > to} clears it. */
    public void highlight(long from, long to) {
        bandFrom = from;
        bandTo = to;
        draw();
    }

    /** The shaded range, {from, to}; from > to when none. */
    public long[] highlighted() {
        return new long[] {bandFrom, bandTo};
    }

    /** The timeline as CSV (one line per step). */
    public String csv() {
        return model.toCsv();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w < 80 || h < 40) {
            return;
        }
        g.setStroke(Color.web("#e5e7eb"));
        g.setFill(Color.web("#6b7280"));
        g.setLineWidth(1);
        for (int i = 0; i <= 4; i++) {
            long v = model.maxValue() * i / 4;
            double y = model.y(v, h);
            g.strokeLine(TimelineModel.LEFT, y, w - TimelineModel.RIGHT, y);
            g.fillText(Bytes.format(v), 4, y + 4);
        }
        g.fillText("step " + model.maxStep(), w - TimelineModel.RIGHT - 80, h - 6);
        if (model.reservedOffScale()) {
            g.fillText("reserved is off the scale (hover for figures)", TimelineModel.LEFT + 8, TimelineModel.TOP + 10);
        }
        g.fillText("0", TimelineModel.LEFT, h - 6);
        if (bandFrom <= bandTo) {
            double x0 = model.x(bandFrom, w);
            g.setFill(Color.web("#f59e0b", 0.14));
            g.fillRect(x0, TimelineModel.TOP, Math.max(2, model.x(bandTo, w) - x0), h - TimelineModel.TOP - TimelineModel.BOTTOM);
            g.setFill(Color.web("#6b7280"));
        }
        List<TimelinePoint> points = model.points();
        for (TimelinePoint p : points) {
            if (p.events() > 0) {
                marker(g, model.x(p.step(), w), h, Palette.MARKER_EVENT, 4);
            }
        }
        for (long step : model.breakpointSteps()) {
            marker(g, model.x(step, w), h, Palette.MARKER_BREAKPOINT, 8);
        }
        for (TimelineModel.Series s : model.measured()) {
            if (points.isEmpty()) {
                break;
            }
            g.setStroke(colour(s.argb()));
            g.setLineWidth(s.name().equals("pending") ? 2 : 1.3);
            g.beginPath();
            for (int i = 0; i < points.size(); i++) {
                TimelinePoint p = points.get(i);
                double x = model.x(p.step(), w);
                double y = model.y(s.value().applyAsLong(p), h);
                if (i == 0) {
                    g.moveTo(x, y);
                } else {
                    g.lineTo(x, y);
                }
            }
            g.stroke();
        }
        if (model.current() >= 0 && !points.isEmpty()) {
            double x = model.x(model.current(), w);
            g.setStroke(Color.web("#f59e0b"));
            g.setLineWidth(1.5);
            g.strokeLine(x, TimelineModel.TOP, x, h - TimelineModel.BOTTOM);
        }
    }

    private static void marker(GraphicsContext g, double x, double h, int argb, double size) {
        g.setStroke(colour(argb));
        g.setLineWidth(1);
        double base = h - TimelineModel.BOTTOM;
        g.strokeLine(x, base, x, base + size);
    }

    private static Color colour(int argb) {
        return Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF);
    }
}
