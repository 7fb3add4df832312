package io.heapscope.lesson;

import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.EngineException;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a lesson file against its scenario's real run: it parses, its scenario compiles, every
 * stop is reached in order, every highlight names something that exists at its stop, and every
 * question's answer is what the run produces. What {@code heapscope check} does with a
 * {@code .lesson} file, and what {@code mvn verify} does with every shipped lesson.
 */
public final class LessonChecker {

    /**
     * What a check found.
     *
     * @param reached     the stops reached and resolved (those with problems too)
     * @param agentFailed no agent could be started, or it died: the problems say how
     */
    public record Report(Path file, Optional<Lesson> lesson, List<Diagnostic> problems, List<StopPlace> reached,
                         boolean agentFailed, long wallNanos) {
        public Report {
            problems = List.copyOf(problems);
            reached = List.copyOf(reached);
        }

        public boolean ok() {
            return lesson.isPresent() && problems.stream().noneMatch(Diagnostic::isError);
        }
    }

    private LessonChecker() {
    }

    public static Report check(Path file, EngineConfig config) {
        long start = System.nanoTime();
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            return new Report(file, Optional.empty(), List.of(Diagnostic.error(new SourceSpan(file.toString(), 1, 1, 1, 1),
                    "cannot read the lesson: " + e.getClass().getSimpleName() + " " + e.getMessage())), List.of(), false,
                    System.nanoTime() - start);
        }
        LessonParser.Result parsed = LessonParser.parse(file, text);
        if (parsed.lesson().isEmpty()) {
            return new Report(file, Optional.empty(), parsed.diagnostics(), List.of(), false, System.nanoTime() - start);
        }
        Lesson lesson = parsed.lesson().get();
        List<Diagnostic> problems = new ArrayList<>(parsed.diagnostics());
        List<StopPlace> reached = new ArrayList<>();
        try (LessonRun run = LessonRun.start(lesson, config)) {
            while (run.hasNext()) {
                run.next().ifPresent(reached::add);
            }
            problems.addAll(run.problems());
        } catch (LessonException e) {
            problems.addAll(e.diagnostics());
        } catch (EngineException e) {
            problems.add(Diagnostic.error(lesson.scenarioLine(), "the agent failed: " + e.getMessage()));
            return new Report(file, Optional.of(lesson), problems, reached, true, System.nanoTime() - start);
        }
        problems.sort(Diagnostic.BY_POSITION);
        return new Report(file, Optional.of(lesson), problems, reached, false, System.nanoTime() - start);
    }
}
