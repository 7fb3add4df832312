package io.heapscope.lesson;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A stop resolved on a run: the step it stands at, its highlights' targets and, for a question,
 * the run's answer (a numeric question's value; for multiple choice, 1 when its {@code because}
 * holds and 0 when not).
 */
public record StopPlace(int index, Stop stop, long step, List<Target> targets, OptionalDouble answer) {

    public StopPlace {
        targets = List.copyOf(targets);
    }
}
