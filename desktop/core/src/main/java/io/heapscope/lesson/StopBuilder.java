package io.heapscope.lesson;

import io.heapscope.scenario.source.SourceSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collects one stop's lines while the parser reads them, and checks that they make a stop. */
final class StopBuilder {

    private final String title;
    private final SourceSpan span;
    final List<Highlight> highlights = new ArrayList<>();
    private final StringBuilder narration = new StringBuilder();
    private final StringBuilder question = new StringBuilder();
    private final StringBuilder explanation = new StringBuilder();
    private final List<String> choices = new ArrayList<>();
    private At at;
    private boolean atBroken;
    private SourceSpan questionSpan;
    private int correct = -1;
    private Question.Condition because;
    private Question.Expression answer;
    private SourceSpan answerSpan;
    private double stated;
    private double within;

    StopBuilder(String title, SourceSpan span) {
        this.title = title;
        this.span = span;
    }

    void at(At where, LessonParser p) {
        if (at != null) {
            p.error(where.span(), "this stop already stands at " + at + " (line " + at.span().line() + ")");
            return;
        }
        at = where;
    }

    /** The stop's 'at' line was wrong (and reported): do not also report it missing. */
    void atBroken() {
        atBroken = true;
    }

    void line(char mark, String text, SourceSpan where, LessonParser p) {
        switch (mark) {
            case '>' -> append(narration, text);
            case '?' -> {
                if (questionSpan == null) {
                    questionSpan = where;
                }
                append(question, text);
            }
            case '-', '+' -> {
                if (questionSpan == null) {
                    p.error(where, "a choice belongs to a question: ask it first with '? ...'");
                    return;
                }
                if (text.isBlank()) {
                    p.error(where, "empty choice");
                    return;
                }
                if (mark == '+') {
                    if (correct >= 0) {
                        p.error(where, "a question has one right choice ('+'); the others are '-'");
                        return;
                    }
                    correct = choices.size();
                }
                choices.add(text.strip());
            }
            default -> {
                if (questionSpan == null) {
                    p.error(where, "an explanation ('!') belongs to a question: ask it first with '? ...'");
                    return;
                }
                append(explanation, text);
            }
        }
    }

    void because(Question.Condition condition, LessonParser p) {
        if (because != null) {
            p.error(condition.span(), "a question has one 'because' line");
            return;
        }
        because = condition;
    }

    void answer(Question.Expression expr, double value, double tolerance, SourceSpan where, LessonParser p) {
        if (answer != null) {
            p.error(where, "a question has one 'answer' line");
            return;
        }
        answer = expr;
        answerSpan = where;
        stated = value;
        within = tolerance;
    }

    Optional<Stop> build(LessonParser p) {
        if (title.isEmpty()) {
            return Optional.empty();
        }
        if (at == null) {
            if (atBroken) {
                return Optional.empty();
            }
            p.error(span, "stop '" + title + "' does not say where it stands: add 'at start', 'at mark NAME', ...");
            return Optional.empty();
        }
        Optional<Question> q = question(p);
        if (questionSpan != null && q.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Stop(title, span, at, text(narration), highlights, q));
    }

    private Optional<Question> question(LessonParser p) {
        if (questionSpan == null) {
            if (because != null || answer != null) {
                p.error(because != null ? because.span() : answerSpan, "'because' and 'answer' belong to a question: ask it with '? ...'");
            }
            return Optional.empty();
        }
        String text = text(question);
        if (!choices.isEmpty()) {
            if (answer != null) {
                p.error(answerSpan, "a question has either choices or an 'answer' line, not both");
                return Optional.empty();
            }
            if (choices.size() < 2) {
                p.error(questionSpan, "a multiple-choice question has at least two choices");
                return Optional.empty();
            }
            if (correct < 0) {
                p.error(questionSpan, "no right choice: mark it with '+' instead of '-'");
                return Optional.empty();
            }
            if (because == null) {
                p.error(questionSpan, "a multiple-choice question needs a 'because' line: a comparison of the"
                        + " run's figures that proves the right choice (because blocks(thread_free) >= 1)");
                return Optional.empty();
            }
            return Optional.of(new Question.MultipleChoice(text, choices, correct, because, text(explanation), questionSpan));
        }
        if (answer == null) {
            p.error(questionSpan, "a question needs choices ('+' and '-' lines) or an 'answer EXPRESSION = NUMBER' line");
            return Optional.empty();
        }
        if (because != null) {
            p.error(because.span(), "a numeric question is proved by its 'answer' line; 'because' is for choices");
            return Optional.empty();
        }
        return Optional.of(new Question.Numeric(text, answer, stated, within, text(explanation), questionSpan));
    }

    private static void append(StringBuilder to, String text) {
        if (!to.isEmpty()) {
            to.append('\n');
        }
        to.append(text);
    }

    private static String text(StringBuilder b) {
        return b.toString().strip();
    }
}
