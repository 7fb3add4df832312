package io.heapscope.lesson;

import io.heapscope.scenario.source.SourceSpan;
import java.util.List;
import java.util.Objects;

/**
 * A question asked at a stop before the lesson goes on; {@code explanation} (Markdown) is shown
 * once the student has answered.
 */
public sealed interface Question {

    String text();

    String explanation();

    SourceSpan span();

    /**
     * Pick one of {@code choices}. {@code because} is a comparison of the run's figures that must
     * hold at the stop ({@code blocks(thread_free) >= 1}): the checker's proof that the right
     * choice is right.
     */
    record MultipleChoice(String text, List<String> choices, int correct, Condition because, String explanation,
                  SourceSpan span) implements Question {
        public MultipleChoice {
            Objects.requireNonNull(text);
            choices = List.copyOf(choices);
            if (correct < 0 || correct >= choices.size()) {
                throw new IllegalArgumentException("correct choice " + correct + " of " + choices.size());
            }
            Objects.requireNonNull(because);
            Objects.requireNonNull(explanation);
        }

        public boolean isRight(int picked) {
            return picked == correct;
        }
    }

    /**
     * Type a number: the right answer is the value of {@code answer} (an expression of the run's
     * figures) at the stop; the lesson states it as {@code stated} and the checker proves that the
     * run agrees. A typed number is right when it is within {@code tolerancePercent} of the run's.
     */
    record Numeric(String text, Expression answer, double stated, double tolerancePercent, String explanation,
                  SourceSpan span) implements Question {
        public Numeric {
            Objects.requireNonNull(text);
            Objects.requireNonNull(answer);
            Objects.requireNonNull(explanation);
        }

        /** Whether {@code typed} counts as {@code expected} (the run's value). */
        public boolean accepts(double typed, double expected) {
            double slack = Math.max(1e-9 * Math.max(1, Math.abs(expected)), Math.abs(expected) * tolerancePercent / 100);
            return Math.abs(typed - expected) <= slack;
        }
    }

    /** A metric expression as the lesson wrote it, with where its text starts. */
    record Expression(String text, SourceSpan span) {
    }

    /** {@code left CMP right} as written, checked at a stop. */
    record Condition(String text, SourceSpan span) {
    }
}
