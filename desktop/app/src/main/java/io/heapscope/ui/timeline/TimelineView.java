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
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.util.Duration;

import io.heapscope.ui.theme.Legend;
import io.heapscope.ui.theme.Palette;

/**
 * Reserved, committed, in use, pending cross-thread frees and RSS over the run, from the
 * engine's sampled steps: each figure holds until the next sample (drawn flat, then a step).
 * Marks of the scenario, breakpoint stops (red) and allocator events (violet) are drawn on the
 * x axis, the current step as an amber line. Hover for the figures at a step; click to go there.
 */
public final class TimelineView extends BorderPane {

    private static final Font FONT = Font.font(11);

    private final TimelineModel model = new TimelineModel();
    private final Canvas canvas = new Canvas();
    private final Tooltip tooltip = new Tooltip();
    private final Legend legend = new Legend();
    private final Text measure = new Text();
    private List<Legend.Entry> shownLegend = List.of();
    private LongConsumer onJump = step -> { };
    private long bandFrom = 1;
    private long bandTo = 0;

    public TimelineView() {
        getStyleClass().add("hs-timeline");
        measure.setFont(FONT);
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
        boolean offScale = model.reservedOffScale();
        List<Legend.Entry> entries = series.stream().map(s -> s.name().equals("reserved") && offScale
                ? new Legend.Entry("reserved (above the scale)", s.argb(),
                        s.explanation() + ": larger than every other figure, drawn at the top; hover for its value")
                : new Legend.Entry(s.name(), s.argb(), s.explanation())).toList();
        entries = new java.util.ArrayList<>(entries);
        entries.add(new Legend.Entry("mark", Palette.MARKER_MARK, "A mark line of the scenario, where the run takes it"));
        entries.add(new Legend.Entry("events", Palette.MARKER_EVENT, "Allocator events since the sample before"));
        entries.add(new Legend.Entry("stop", Palette.MARKER_BREAKPOINT, "A run stopped here on a breakpoint or a failed expect"));
        if (!entries.equals(shownLegend)) {
            shownLegend = List.copyOf(entries);
            legend.show(shownLegend);
        }
    }

    /** Called with the clicked step; the session replays to it. */
    public void setOnJump(LongConsumer action) {
        this.onJump = action;
    }

    public void show(TimelineData data, long currentStep, Set<Long> breakpointSteps) {
        model.setData(data);
        if (!data.points().isEmpty()) {
            showLegend(model.measured());   /* a system allocator measures RSS only: no empty lines */
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

    /** What the tooltip says at x. */
    String describeAt(double x) {
        return model.describe(model.stepAt(x, canvas.getWidth()));
    }

    /** The labels as drawn now, measured in the view's font. */
    List<TimelineLabels.Label> labels() {
        return TimelineLabels.layout(model, canvas.getWidth(), canvas.getHeight(), this::textWidth);
    }

    /** The x of {@code step} on the canvas now. */
    double xOf(long step) {
        return model.x(step, canvas.getWidth());
    }

    double plotWidth() {
        return canvas.getWidth();
    }

    double plotHeight() {
        return canvas.getHeight();
    }

    private double textWidth(String s) {
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        if (w < 120 || h < TimelineModel.TOP + TimelineModel.BOTTOM + 20) {
            return;
        }
        double left = TimelineModel.LEFT;
        double right = w - TimelineModel.RIGHT;
        double top = TimelineModel.TOP;
        double base = h - TimelineModel.BOTTOM;
        g.setLineDashes();
        g.setStroke(Color.web("#e5e7eb"));
        g.setLineWidth(1);
        for (int i = 0; i <= 4; i++) {
            double y = model.y(model.maxValue() * i / 4, h);
            g.strokeLine(left, y, right, y);
        }
        g.setStroke(Color.web("#9ca3af"));
        g.strokeLine(left, base, right, base);
        for (long step : TimelineLabels.ticks(model, w, this::textWidth)) {
            double x = model.x(step, w);
            g.strokeLine(x, base, x, base + 3);
        }
        if (bandFrom <= bandTo) {
            double x0 = model.x(bandFrom, w);
            g.setFill(Color.web("#f59e0b", 0.14));
            g.fillRect(x0, top, Math.max(2, model.x(bandTo, w) - x0), base - top);
        }
        List<TimelinePoint> points = model.points();
        for (TimelinePoint p : points) {
            if (p.events() > 0) {
                marker(g, model.x(p.step(), w), base, Palette.MARKER_EVENT, 5);
            }
        }
        for (long step : model.breakpointSteps()) {
            marker(g, model.x(step, w), base, Palette.MARKER_BREAKPOINT, 8);
        }
        g.setStroke(colour(Palette.MARKER_MARK));
        g.setLineDashes(3, 3);
        for (TimelineMark m : model.marks()) {
            double x = model.x(m.step(), w);
            g.strokeLine(x, top, x, base + 6);
        }
        g.setLineDashes();
        g.save();
        g.beginPath();
        g.rect(left, top - 1, right - left + 1, base - top + 2);
        g.clip();
        for (TimelineModel.Series s : model.measured()) {
            g.setStroke(colour(s.argb()));
            g.setLineWidth(s.name().equals("pending") ? 2 : 1.3);
            g.beginPath();
            double previousY = 0;
            for (int i = 0; i < points.size(); i++) {
                TimelinePoint p = points.get(i);
                double x = model.x(p.step(), w);
                double y = model.y(s.value().applyAsLong(p), h);
                if (i == 0) {
                    g.moveTo(x, y);
                } else {
                    g.lineTo(x, previousY);   /* the figures held until this sample */
                    g.lineTo(x, y);
                }
                previousY = y;
            }
            g.stroke();
        }
        g.restore();
        if (model.current() >= 0 && !points.isEmpty()) {
            double x = model.x(model.current(), w);
            g.setStroke(colour(Palette.CURRENT_STEP));
            g.setLineWidth(1.5);
            g.strokeLine(x, top, x, base);
        }
        g.setFont(FONT);
        g.setFill(Color.web("#4b5563"));
        for (TimelineLabels.Label l : TimelineLabels.layout(model, w, h, this::textWidth)) {
            g.fillText(l.text(), l.x(), l.baseline());
        }
    }

    private static void marker(GraphicsContext g, double x, double base, int argb, double size) {
        g.setStroke(colour(argb));
        g.setLineWidth(1);
        g.strokeLine(x, base, x, base + size);
    }

    private static Color colour(int argb) {
        return Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF);
    }
}
