package io.heapscope.ui.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.heapscope.ui.theme.Bytes;
import io.heapscope.ui.theme.VirtualTime;

/**
 * Where the timeline's words go, all outside the plot so that none covers a line: byte figures
 * right-aligned in the left margin, mark names in the band above, step numbers and the virtual
 * time in two rows below. A label that would overlap one already placed is left out (the
 * tooltip tells every figure).
 */
final class TimelineLabels {

    /** The text's height above and below its baseline, for the 11 px font the view draws with. */
    static final double ASCENT = 9;
    static final double DESCENT = 3;
    private static final double GAP = 8;

    /** One text, drawn left-aligned at (x, baseline). */
    record Label(String text, double x, double baseline, double width) {
        double top() {
            return baseline - ASCENT;
        }

        double bottom() {
            return baseline + DESCENT;
        }

        boolean overlaps(Label o) {
            return x < o.x + o.width && o.x < x + width && top() < o.bottom() && o.top() < bottom();
        }

        boolean overlaps(double left, double top, double right, double bottom) {
            return x < right && left < x + width && top() < bottom && top < bottom();
        }
    }

    private TimelineLabels() {
    }

    static double stepRow(double h) {
        return h - TimelineModel.BOTTOM + 20;
    }

    static double timeRow(double h) {
        return h - TimelineModel.BOTTOM + 33;
    }

    /** Every label for a canvas of w × h, measured by {@code width}. */
    static List<Label> layout(TimelineModel m, double w, double h, ToDoubleFunction<String> width) {
        List<Label> out = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            String text = Bytes.format(m.maxValue() * i / 4);
            double tw = width.applyAsDouble(text);
            place(out, new Label(text, TimelineModel.LEFT - 6 - tw, m.y(m.maxValue() * i / 4, h) + 4, tw));
        }
        place(out, new Label("step", 4, stepRow(h), width.applyAsDouble("step")));
        place(out, new Label("time", 4, timeRow(h), width.applyAsDouble("time")));
        List<Long> ticks = ticks(m, w, width);
        String lastTime = null;
        for (long step : ticks) {
            place(out, centred(steps(step), m.x(step, w), stepRow(h), w, width));
            TimelinePoint p = m.sampleAt(step);
            if (p != null) {
                String t = VirtualTime.format(p.clockNanos());
                if (!t.equals(lastTime) && place(out, centred(t, m.x(step, w), timeRow(h), w, width))) {
                    lastTime = t;
                }
            }
        }
        for (TimelineMark mark : m.marks()) {
            String text = mark.name();
            Label label = new Label(text, m.x(mark.step(), w) + 3, TimelineModel.TOP - 5, width.applyAsDouble(text));
            if (label.x() + label.width() <= w) {
                place(out, label);
            }
        }
        return out;
    }

    /** Round step numbers about 90 px apart, from 0; the last step of the axis always. */
    static List<Long> ticks(TimelineModel m, double w, ToDoubleFunction<String> width) {
        long max = m.maxStep();
        double plot = Math.max(1, w - TimelineModel.LEFT - TimelineModel.RIGHT);
        double spacing = Math.max(90, width.applyAsDouble(steps(max)) + 3 * GAP);
        double raw = max * spacing / plot;
        long nice = nice(raw);
        List<Long> ticks = new ArrayList<>();
        ticks.add(max);
        for (long s = 0; s < max; s += nice) {
            ticks.add(s);
        }
        return ticks;
    }

    /** The smallest 1, 2 or 5 times a power of ten at least {@code raw}. */
    static long nice(double raw) {
        for (long base = 1; ; base *= 10) {
            for (long k : new long[] {1, 2, 5}) {
                if (base * k >= raw) {
                    return base * k;
                }
            }
        }
    }

    static String steps(long step) {
        return String.format(Locale.ROOT, "%,d", step);
    }

    private static Label centred(String text, double x, double baseline, double w, ToDoubleFunction<String> width) {
        double tw = width.applyAsDouble(text);
        double left = Math.max(TimelineModel.LEFT - tw / 2, Math.min(w - 2 - tw, x - tw / 2));
        return new Label(text, left, baseline, tw);
    }

    private static boolean place(List<Label> placed, Label label) {
        Label padded = new Label(label.text(), label.x() - GAP / 2, label.baseline(), label.width() + GAP);
        for (Label p : placed) {
            if (p.overlaps(padded)) {
                return false;
            }
        }
        placed.add(label);
        return true;
    }
}
