package io.heapscope.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.heapscope.engine.ExpectResult;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.ui.editor.ExpectMark;

/**
 * The run's expect results as the editor shows them: a mark per line for the gutter, and a
 * problem per failing line for the problems pane. An expect inside a loop is checked once per
 * iteration; its line fails if any check failed, and the first failure is the one reported.
 * No JavaFX.
 */
final class ExpectProblems {

    private ExpectProblems() {
    }

    /**
     * Line → mark: failed if any check on the line failed, else unmeasured (a warning) if any
     * could not be measured, else held; the text is that of the first check of the worst kind.
     */
    static Map<Integer, ExpectMark> marks(List<ExpectResult> results) {
        Map<Integer, ExpectMark> marks = new TreeMap<>();
        for (ExpectResult r : results) {
            int line = r.span().line();
            ExpectMark.Result result = switch (r.outcome()) {
                case PASSED -> ExpectMark.Result.HELD;
                case UNMEASURABLE -> ExpectMark.Result.UNMEASURED;
                case FAILED -> ExpectMark.Result.FAILED;
            };
            ExpectMark had = marks.get(line);
            if (had == null || result.worseThan(had.result())) {
                marks.put(line, new ExpectMark(result, text(r)));
            }
        }
        return marks;
    }

    /** One problem per line whose expect failed (error) or could not be measured (warning). */
    static List<Diagnostic> diagnostics(List<ExpectResult> results) {
        Map<Integer, Diagnostic> byLine = new LinkedHashMap<>();
        for (ExpectResult r : results) {
            if (r.outcome() == ExpectResult.Outcome.PASSED || byLine.containsKey(r.span().line())) {
                continue;
            }
            byLine.put(r.span().line(), r.failed() ? Diagnostic.error(r.span(), text(r))
                    : Diagnostic.warning(r.span(), text(r)));
        }
        return new ArrayList<>(byLine.values());
    }

    /** "expect failed at step 24578: pending(main) >= 16777216 (0 vs 16777216): message". */
    static String text(ExpectResult r) {
        String what = switch (r.outcome()) {
            case PASSED -> "expect held";
            case FAILED -> "expect failed";
            case UNMEASURABLE -> "expect could not be measured";
        };
        String values = r.outcome() == ExpectResult.Outcome.UNMEASURABLE ? " (" + r.detail() + ")"
                : " (" + number(r.left()) + " vs " + number(r.right()) + ")";
        return what + " at step " + r.step() + ": " + r.assertion() + values
                + (r.message().isEmpty() ? "" : ": " + r.message());
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e18 ? Long.toString((long) v) : String.format("%.4g", v);
    }
}
