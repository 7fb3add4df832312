package io.heapscope.ui.lesson;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.heapscope.lesson.Lesson;
import io.heapscope.lesson.Question;
import io.heapscope.lesson.Stop;
import io.heapscope.lesson.StopPlace;

/**
 * Where a student is in a lesson: the stop shown, the answers given, and whether the next stop
 * may be revealed (a stop with a question opens the next one once it is answered). Free of
 * JavaFX. The places come from a run of the lesson's scenario ({@link io.heapscope.lesson.LessonRun}),
 * so answers are checked against the run's own figures.
 */
public final class LessonProgress {

    /** How an answer was judged. */
    public record Verdict(boolean right, String message) {
    }

    private final Lesson lesson;
    private final List<Optional<StopPlace>> places;
    private final Map<Integer, Verdict> verdicts = new HashMap<>();
    private int current;

    /** {@code places} has one entry per stop, empty for a stop the run could not reach. */
    public LessonProgress(Lesson lesson, List<Optional<StopPlace>> places) {
        if (places.size() != lesson.stops().size()) {
            throw new IllegalArgumentException(places.size() + " places for " + lesson.stops().size() + " stops");
        }
        this.lesson = lesson;
        this.places = List.copyOf(places);
    }

    public Lesson lesson() {
        return lesson;
    }

    public int index() {
        return current;
    }

    public int count() {
        return lesson.stops().size();
    }

    public Stop stop() {
        return lesson.stops().get(current);
    }

    public Optional<StopPlace> place() {
        return places.get(current);
    }

    /** The verdict on this stop's question, once answered. */
    public Optional<Verdict> verdict() {
        return Optional.ofNullable(verdicts.get(current));
    }

    public boolean canGoBack() {
        return current > 0;
    }

    /** True when there is a next stop and this one asks nothing or has been answered. */
    public boolean canGoOn() {
        return current + 1 < count() && (stop().question().isEmpty() || verdicts.containsKey(current));
    }

    public boolean next() {
        if (!canGoOn()) {
            return false;
        }
        current++;
        return true;
    }

    public boolean previous() {
        if (!canGoBack()) {
            return false;
        }
        current--;
        return true;
    }

    /** Answers a multiple-choice question with choice {@code picked} (0-based). */
    public Verdict choose(int picked) {
        Question.MultipleChoice q = (Question.MultipleChoice) stop().question().orElseThrow();
        boolean right = q.isRight(picked);
        return judge(right, right ? "Right." : "Not quite: the answer is \u201c" + q.choices().get(q.correct()) + "\u201d.");
    }

    /** Answers a numeric question with what the student typed. */
    public Verdict type(String typed) {
        Question.Numeric q = (Question.Numeric) stop().question().orElseThrow();
        double expected = place().flatMap(p -> p.answer().isPresent() ? Optional.of(p.answer().getAsDouble())
                : Optional.empty()).orElse(q.stated());
        double value;
        try {
            value = Double.parseDouble(typed.strip().replace(",", "").replace("_", ""));
        } catch (NumberFormatException e) {
            return new Verdict(false, "Type a number, such as 16 or 2.5.");
        }
        boolean right = q.accepts(value, expected);
        return judge(right, (right ? "Right: the run gives " : "Not quite: the run gives ") + number(expected) + ".");
    }

    /** Gives up on this stop's question: the answer is shown (and counts as not answered right). */
    public Verdict reveal() {
        Question q = stop().question().orElseThrow();
        String answer = switch (q) {
            case Question.MultipleChoice c -> "\u201c" + c.choices().get(c.correct()) + "\u201d";
            case Question.Numeric n -> number(place().flatMap(p -> p.answer().isPresent()
                    ? Optional.of(p.answer().getAsDouble()) : Optional.empty()).orElse(n.stated()));
        };
        return judge(false, "The answer: " + answer + ".");
    }

    private Verdict judge(boolean right, String message) {
        Verdict v = new Verdict(right, message);
        verdicts.put(current, v);
        return v;
    }

    /** How many questions were answered right, and how many were asked so far. */
    public String score() {
        long right = verdicts.values().stream().filter(Verdict::right).count();
        return right + " of " + verdicts.size() + " answered right";
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v)
                : String.format(Locale.ROOT, "%.3g", v);
    }
}
