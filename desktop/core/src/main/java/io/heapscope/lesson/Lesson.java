package io.heapscope.lesson;

import io.heapscope.scenario.source.SourceSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A parsed lesson: a title, the scenario it walks through and its stops, in order.
 *
 * @param file     the lesson file, as named in diagnostics
 * @param version  the format version of its first line ({@link LessonParser#VERSION})
 * @param scenario the scenario file, resolved against the lesson's folder
 * @param scenarioLine where the lesson names it, for diagnostics
 */
public record Lesson(String file, int version, String title, Path scenario, SourceSpan scenarioLine,
                     List<Stop> stops) {

    public Lesson {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(scenario, "scenario");
        stops = List.copyOf(stops);
    }

    /** How many stops ask a question. */
    public long questions() {
        return stops.stream().filter(s -> s.question().isPresent()).count();
    }
}
