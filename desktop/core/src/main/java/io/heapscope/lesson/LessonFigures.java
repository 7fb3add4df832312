package io.heapscope.lesson;

import io.heapscope.engine.MetricValues;
import io.heapscope.scenario.ScenarioCompiler;
import io.heapscope.scenario.CompileResult;
import io.heapscope.scenario.op.MetricExpr;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lesson's metric expressions ({@code because} and {@code answer} lines), compiled by the
 * scenario language itself so they mean exactly what an {@code expect} line means: each is
 * appended to the scenario's text as one more {@code expect} line and read back from the
 * compiled program; a problem in one is reported at the lesson's own line and column.
 */
final class LessonFigures {

    private static final String EXPECT = "expect ";

    private final Map<Stop, Op.Expect> compiled = new HashMap<>();
    private final List<Diagnostic> problems = new ArrayList<>();

    LessonFigures(String scenarioFile, String scenarioText, List<Stop> stops) {
        StringBuilder text = new StringBuilder(scenarioText);
        text.append("\n\n");
        int firstLine = (int) text.chars().filter(c -> c == '\n').count() + 1;
        List<Stop> asking = new ArrayList<>();
        List<SourceSpan> spans = new ArrayList<>();
        for (Stop stop : stops) {
            Optional<Question> q = stop.question();
            if (q.isEmpty()) {
                continue;
            }
            String line = switch (q.get()) {
                case Question.MultipleChoice c -> {
                    spans.add(c.because().span());
                    yield c.because().text();
                }
                case Question.Numeric n -> {
                    spans.add(n.answer().span());
                    yield "(" + n.answer().text() + ") == 0";
                }
            };
            asking.add(stop);
            text.append(EXPECT).append(line.replace('\n', ' ')).append('\n');
        }
        if (asking.isEmpty()) {
            return;
        }
        CompileResult result = ScenarioCompiler.compile(scenarioFile, text.toString());
        for (Diagnostic d : result.errors()) {
            int at = d.span().line() - firstLine;
            if (at < 0 || at >= spans.size()) {
                continue;
            }
            problems.add(Diagnostic.error(moved(spans.get(at), d.span(), asking.get(at)), d.message()));
        }
        if (problems.isEmpty() && result.program().isEmpty()) {
            problems.add(Diagnostic.error(spans.getFirst(), "the lesson's figures do not compile with the scenario: "
                    + result.errors().stream().map(Diagnostic::message).findFirst().orElse("no program")));
        }
        if (!problems.isEmpty()) {
            return;
        }
        List<Op> ops = result.program().get().ops();
        for (int i = 0; i < asking.size(); i++) {
            Op op = ops.get(ops.size() - asking.size() + i);
            Op.Expect expect = (Op.Expect) op;
            if (usesMark(expect.left()) || usesMark(expect.right())) {
                problems.add(Diagnostic.error(spans.get(i), "a lesson's figures are read at its stop;"
                        + " '@mark' readings are not available here"));
            } else {
                compiled.put(asking.get(i), expect);
            }
        }
    }

    List<Diagnostic> problems() {
        return problems;
    }

    /** A numeric question's value at the stop. */
    double answer(Stop stop, MetricValues now) {
        return compiled.get(stop).left().evaluate(r -> now.read(r.metric(), r.argument()));
    }

    /** Whether a multiple-choice question's {@code because} holds at the stop. */
    boolean holds(Stop stop, MetricValues now) {
        return compiled.get(stop).holds(r -> now.read(r.metric(), r.argument()));
    }

    /** The left and right values of a {@code because}, for a message when it does not hold. */
    String sides(Stop stop, MetricValues now) {
        Op.Expect e = compiled.get(stop);
        double l = e.left().evaluate(r -> now.read(r.metric(), r.argument()));
        double r = e.right().evaluate(x -> now.read(x.metric(), x.argument()));
        return e.left().dimension().format(l) + " " + e.comparison().symbol() + " " + e.right().dimension().format(r);
    }

    private static SourceSpan moved(SourceSpan lesson, SourceSpan synthetic, Stop stop) {
        boolean numeric = stop.question().orElseThrow() instanceof Question.Numeric;
        int shift = EXPECT.length() + 1 + (numeric ? 1 : 0);
        int col = Math.max(lesson.column(), lesson.column() + synthetic.column() - shift);
        col = Math.min(col, lesson.endColumn());
        int end = synthetic.endLine() == synthetic.line()
                ? Math.min(lesson.endColumn(), Math.max(col, lesson.column() + synthetic.endColumn() - shift))
                : lesson.endColumn();
        return new SourceSpan(lesson.file(), lesson.line(), col, lesson.line(), Math.max(col, end));
    }

    private static boolean usesMark(MetricExpr e) {
        return switch (e) {
            case MetricExpr.Reading r -> r.mark().isPresent();
            case MetricExpr.Arithmetic a -> usesMark(a.left()) || usesMark(a.right());
            case MetricExpr.Negation n -> usesMark(n.operand());
            case MetricExpr.Constant c -> false;
        };
    }
}
