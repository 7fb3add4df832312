package io.heapscope.ui.compare;

import io.heapscope.engine.Comparison;
import io.heapscope.engine.ExpectResult;
import io.heapscope.engine.Figures;
import io.heapscope.scenario.lang.Dimension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the compare view shows after a command: every column's series, its figures where it stands
 * and its expect results. Taken on the comparison's worker, shown on the JavaFX thread.
 */
public record CompareState(long step, long totalSteps, List<ColumnState> columns, String problem) {

    /** One column. */
    public record ColumnState(String label, String allocator, List<Figures> history, List<Comparison.Extra> extras,
                              Figures now, Comparison.Extra nowExtra, List<ExpectResult> expects) {

        /** The figure at every sampled step, {@code {step, value}} pairs, unmeasurable ones left out. */
        public List<long[]> series(CompareFigure figure) {
            Map<Long, Comparison.Extra> byStep = new HashMap<>();
            extras.forEach(x -> byStep.put(x.step(), x));
            List<long[]> out = new ArrayList<>();
            for (Figures f : history) {
                long v = figure.read(f, byStep.getOrDefault(f.step(), new Comparison.Extra(f.step(), -1, -1)));
                if (v >= 0) out.add(new long[] {f.step(), v});
            }
            return out;
        }

        public long value(CompareFigure figure) {
            return figure.read(now, nowExtra);
        }
    }

    /** One row of the figures table: the figure, each column's value, and its difference to the first column. */
    public record Row(CompareFigure figure, List<String> cells) {
    }

    public static CompareState empty(String problem) {
        return new CompareState(0, 0, List.of(), problem);
    }

    /** Takes the state of every column (call it on the comparison's worker). */
    public static CompareState capture(Comparison c, long totalSteps) {
        List<Figures> now = c.figuresNow();
        List<Comparison.Extra> extra = c.extraNow();
        List<String> allocators = c.each(e -> e.allocator());
        List<List<ExpectResult>> expects = c.each(e -> e.expectResults());
        List<List<Figures>> history = c.each(e -> e.history());
        List<ColumnState> columns = new ArrayList<>();
        for (int i = 0; i < c.columns().size(); i++) {
            columns.add(new ColumnState(c.columns().get(i).label(), allocators.get(i), history.get(i), c.extraSeries(i),
                    now.get(i), extra.get(i), expects.get(i)));
        }
        return new CompareState(now.getFirst().step(), totalSteps, columns, "");
    }

    /** The figures table: one row per figure, each cell "value" for the first column and "value (±diff)" after it. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (CompareFigure f : CompareFigure.values()) {
            List<String> cells = new ArrayList<>();
            long first = columns.isEmpty() ? -1 : columns.getFirst().value(f);
            for (int i = 0; i < columns.size(); i++) {
                long v = columns.get(i).value(f);
                String text = show(f, v);
                if (i > 0 && v >= 0 && first >= 0) {
                    text += " (" + (v >= first ? "+" : "−") + show(f, Math.abs(v - first)) + ")";
                }
                cells.add(text);
            }
            rows.add(new Row(f, cells));
        }
        return rows;
    }

    static String show(CompareFigure f, long v) {
        if (v < 0) return "n/a";
        return f.bytes() ? Dimension.BYTES.readable(v) : String.format("%,d", v);
    }

    /** Every column's expect results, as "label: file:line:col: OUTCOME: ..." lines (the file without its folder). */
    public List<String> expectLines() {
        List<String> out = new ArrayList<>();
        for (ColumnState c : columns) {
            for (ExpectResult e : c.expects()) {
                String text = e.toString();
                String position = e.span().position();
                int colon = position.lastIndexOf(':', position.lastIndexOf(':') - 1);
                int slash = position.lastIndexOf('/', Math.max(0, colon));
                out.add(c.label() + ": " + (slash >= 0 ? text.substring(slash + 1) : text));
            }
        }
        return out;
    }
}
