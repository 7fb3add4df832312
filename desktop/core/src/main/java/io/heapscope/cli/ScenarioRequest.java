package io.heapscope.cli;

import io.heapscope.engine.SamplePolicy;
import io.heapscope.scenario.op.Program;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What the commands that run one scenario to a step share: the file, compiled; the step to stop
 * at ({@code --step}, checked against the scenario's length); the history interval
 * ({@code --every}, default {@link SamplePolicy#interval}: about 1,000 rows, as the window's
 * timeline); and the context, quiet with {@code --no-progress}.
 */
record ScenarioRequest(Path file, Context context, Program program, OptionalLong stopAt, long every) {

    static ScenarioRequest of(Args args, String command, Context context) throws UsageException, CliFailure {
        if (args.positional().size() != 1) {
            throw new UsageException(command + " takes one scenario file");
        }
        Path file = Path.of(args.positional().getFirst());
        Context ctx = args.flag("no-progress") ? new Context(context.out(), context.err(), false) : context;
        Program program = ctx.compile(file);
        long steps = program.ops().isEmpty() ? 0 : program.ops().getLast().step() + 1L;
        OptionalLong stopAt = args.number("step").map(OptionalLong::of).orElse(OptionalLong.empty());
        if (stopAt.isPresent() && stopAt.getAsLong() > steps) {
            throw new UsageException("--step " + stopAt.getAsLong() + " is past the end: the scenario has "
                    + steps + " steps");
        }
        long every = args.number("every").orElse(SamplePolicy.interval(steps));
        if (every == 0) {
            throw new UsageException("--every must be at least 1");
        }
        return new ScenarioRequest(file, ctx, program, stopAt, every);
    }

    /** The file's name, as reports and documents name the scenario. */
    String name() {
        return file.getFileName().toString();
    }

    /** Every {@code every}-th step when a history is written, else only the stops. */
    SamplePolicy sampling(boolean history) {
        return history ? new SamplePolicy(every, 0) : SamplePolicy.STOPS_ONLY;
    }
}
