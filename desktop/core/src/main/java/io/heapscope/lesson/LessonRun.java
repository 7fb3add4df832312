package io.heapscope.lesson;

import io.heapscope.engine.Breakpoints;
import io.heapscope.engine.Engine;
import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.EngineException;
import io.heapscope.engine.MetricValues;
import io.heapscope.engine.StepOutcome;
import io.heapscope.engine.StopReason;
import io.heapscope.scenario.CompileResult;
import io.heapscope.scenario.ScenarioCompiler;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A lesson's scenario running on an agent, moved from stop to stop: {@link #next()} brings the
 * run to the next stop and resolves its highlights and question against the heap there. Blocking
 * and confined to one thread, like the {@link Engine} it drives; after {@code next()} the engine
 * stands at that stop, so a caller can take its picture. What does not hold (a stop that is never
 * reached, a highlight that names nothing, an answer the run contradicts) is collected in
 * {@link #problems()} at the lesson's file:line:col.
 */
public final class LessonRun implements AutoCloseable {

    private final Lesson lesson;
    private final List<Diagnostic> problems = new ArrayList<>();
    private final Program program;
    private final Engine engine;
    private final LessonFigures figures;
    private int nextStop;

    private LessonRun(Lesson lesson, Program program, Engine engine, LessonFigures figures) {
        this.lesson = lesson;
        this.program = program;
        this.engine = engine;
        this.figures = figures;
        problems.addAll(figures.problems());
    }

    /**
     * Reads and compiles the lesson's scenario and starts an agent at step 0. Throws
     * {@link LessonException} with the reasons when the scenario cannot be read or compiled, or a
     * question's expression does not compile; {@link EngineException} when no agent starts.
     */
    public static LessonRun start(Lesson lesson, EngineConfig config) {
        String text;
        String name = lesson.scenario().toString();
        try {
            text = Files.readString(lesson.scenario());
        } catch (IOException e) {
            throw new LessonException(List.of(Diagnostic.error(lesson.scenarioLine(),
                    "cannot read the scenario " + name + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()))));
        }
        CompileResult compiled = ScenarioCompiler.compile(name, text);
        if (compiled.program().isEmpty()) {
            List<Diagnostic> why = new ArrayList<>();
            why.add(Diagnostic.error(lesson.scenarioLine(), "the scenario does not compile"));
            why.addAll(compiled.errors());
            throw new LessonException(why);
        }
        LessonFigures figures = new LessonFigures(name, text, lesson.stops());
        if (!figures.problems().isEmpty()) {
            throw new LessonException(figures.problems());
        }
        Program program = compiled.program().get();
        return new LessonRun(lesson, program, new Engine(program, config), figures);
    }

    public Lesson lesson() {
        return lesson;
    }

    /** The engine, standing at the last stop {@link #next()} returned. */
    public Engine engine() {
        return engine;
    }

    public List<Diagnostic> problems() {
        return List.copyOf(problems);
    }

    public boolean hasNext() {
        return nextStop < lesson.stops().size();
    }

    /**
     * Runs to the next stop and resolves it; empty when that stop cannot be reached (the reason
     * is in {@link #problems()}; the run stays where it was, and the following stops are searched
     * for from there).
     */
    public Optional<StopPlace> next() {
        int index = nextStop++;
        Stop stop = lesson.stops().get(index);
        long before = engine.position().step();
        OptionalLong target = place(stop.at(), index == 0);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        long step = target.getAsLong();
        if (step < before) {
            problem(stop.at().span(), "this stop stands at step " + step + ", before the previous stop (step "
                    + before + "); a lesson goes forward");
            return Optional.empty();
        }
        if (engine.position().step() != step) {
            StepOutcome moved = engine.goToStep(step);
            if (moved.reason() == StopReason.FAILED) {
                problem(stop.at().span(), "the run failed on the way to this stop: " + moved.detail());
                return Optional.empty();
            }
        }
        Resolver resolver = new Resolver(engine, program, this::problem);
        List<Target> targets = new ArrayList<>();
        for (Highlight h : stop.highlights()) {
            resolver.resolve(h).ifPresent(targets::add);
        }
        return Optional.of(new StopPlace(index, stop, step, targets, question(stop)));
    }

    private OptionalDouble question(Stop stop) {
        if (stop.question().isEmpty()) {
            return OptionalDouble.empty();
        }
        try {
            MetricValues now = engine.metrics();
            return switch (stop.question().get()) {
                case Question.MultipleChoice c -> {
                    boolean holds = figures.holds(stop, now);
                    if (!holds) {
                        problem(c.because().span(), "this does not hold at the stop (" + figures.sides(stop, now)
                                + "): the run does not bear the right choice out");
                    }
                    yield OptionalDouble.of(holds ? 1 : 0);
                }
                case Question.Numeric n -> {
                    double value = figures.answer(stop, now);
                    if (!n.accepts(n.stated(), value)) {
                        problem(n.answer().span(), "the lesson says " + plain(n.stated()) + " but the run gives "
                                + plain(value) + (n.tolerancePercent() > 0 ? " (more than " + plain(n.tolerancePercent())
                                + "% apart)" : ""));
                    }
                    yield OptionalDouble.of(value);
                }
            };
        } catch (MetricValues.Unavailable e) {
            problem(stop.question().get().span(), "the question's figures cannot be measured: " + e.getMessage());
            return OptionalDouble.empty();
        }
    }

    /** The step a stop stands at, searched for from the current position; empty (with a problem) if none. */
    private OptionalLong place(At at, boolean first) {
        long total = engine.position().totalSteps();
        List<Op> ops = program.ops();
        int from = engine.position().opIndex();
        switch (at) {
            case At.Start s -> {
                return OptionalLong.of(0);
            }
            case At.End e -> {
                return OptionalLong.of(total);
            }
            case At.Step s -> {
                if (s.step() > total) {
                    problem(s.span(), "step " + s.step() + " is past the end: the scenario has " + total + " steps");
                    return OptionalLong.empty();
                }
                return OptionalLong.of(s.step());
            }
            case At.Mark m -> {
                int seen = 0;
                for (int i = from; i < ops.size(); i++) {
                    if (ops.get(i) instanceof Op.Mark mark && mark.name().equals(m.name()) && ++seen == m.occurrence()) {
                        return OptionalLong.of(mark.step() + 1L);
                    }
                }
                boolean exists = ops.stream().anyMatch(o -> o instanceof Op.Mark k && k.name().equals(m.name()));
                problem(m.span(), exists ? "mark " + m.name() + " is taken " + seen + " time(s) after the previous stop, not "
                        + m.occurrence() : "the scenario has no 'mark " + m.name() + "'");
                return OptionalLong.empty();
            }
            case At.Line l -> {
                Breakpoints line = Breakpoints.onLines(l.line());
                int seen = 0;
                int start = first ? from : nextStepStart(ops, from);
                for (int i = start; i < ops.size(); i = nextStepStart(ops, i)) {
                    boolean entersLoop = i == 0 || ops.get(i - 1).origin().outer() != ops.get(i).origin().outer();
                    if (line.lineBefore(ops.get(i).origin(), entersLoop) != 0 && ++seen == l.occurrence()) {
                        return OptionalLong.of(ops.get(i).step());
                    }
                }
                problem(l.span(), seen == 0 ? "no statement of line " + l.line() + " of the scenario runs after the previous stop"
                        : "line " + l.line() + " runs " + seen + " time(s) after the previous stop, not " + l.occurrence());
                return OptionalLong.empty();
            }
            case At.Event ev -> {
                return eventStep(ev);
            }
        }
    }

    private OptionalLong eventStep(At.Event ev) {
        engine.setBreakpoints(Breakpoints.onEvents(ev.event()));
        try {
            for (int seen = 0; seen < ev.occurrence(); seen++) {
                StepOutcome out = engine.run();
                if (out.reason() != StopReason.EVENT_BREAKPOINT) {
                    problem(ev.span(), out.reason() == StopReason.FAILED ? "the run failed: " + out.detail()
                            : "the run ends after " + seen + " " + ev.event().word() + " event(s) since the previous stop, not "
                            + ev.occurrence());
                    return OptionalLong.empty();
                }
            }
            return OptionalLong.of(engine.position().step());
        } finally {
            engine.setBreakpoints(Breakpoints.NONE);
        }
    }

    private static int nextStepStart(List<Op> ops, int i) {
        int step = ops.get(Math.min(i, ops.size() - 1)).step();
        int j = i;
        while (j < ops.size() && ops.get(j).step() == step) {
            j++;
        }
        return j;
    }

    private void problem(SourceSpan at, String message) {
        problems.add(Diagnostic.error(at, message));
    }

    static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    @Override
    public void close() {
        engine.close();
    }
}
