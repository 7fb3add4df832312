package io.heapscope.scenario.compile;

import io.heapscope.scenario.ast.Script;
import io.heapscope.scenario.eval.EvalException;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Origin;
import io.heapscope.scenario.op.Program;
import io.heapscope.scenario.source.Diagnostic;
import java.util.List;
import java.util.Optional;

/** Compiles a checked syntax tree to a {@link Program} by planning it and unrolling the plan. */
public final class Compiler {

    /** The program (when there was no error) and the problems found while unrolling. */
    public record Output(Optional<Program> program, List<Diagnostic> diagnostics) {
    }

    private Compiler() {
    }

    /**
     * @param script    a tree the parser and checker accepted without errors
     * @param workLimit the most ops plus loop iterations to produce before giving up
     */
    public static Output compile(Script script, long workLimit) {
        PlanBuilder builder = new PlanBuilder();
        Plan[] plans;
        try {
            plans = builder.build(script);
        } catch (EvalException e) {
            return new Output(Optional.empty(),
                    List.of(Diagnostic.error(e.span(), e.getMessage())));
        }
        Run run = new Run(builder.slotCount(), builder.handles(), builder.origins(), workLimit);
        try {
            new Unroller(run).run(plans);
        } catch (WorkLimitExceeded e) {
            return new Output(Optional.empty(), List.of(Diagnostic.error(run.current.span(),
                    "the scenario unrolls to more than " + String.format("%,d", workLimit)
                            + " operations and loop iterations; make its loops smaller")));
        }
        List<Diagnostic> diagnostics = run.reporter.diagnostics();
        if (run.reporter.hasErrors()) {
            return new Output(Optional.empty(), diagnostics);
        }
        run.ops.trim();
        List<Origin> origins = List.copyOf(builder.origins());
        List<String> threads = builder.threads().names();
        List<Op> ops = new OpList(run.ops, origins, threads, builder.handleNames(),
                builder.heapNames());
        Program program = new Program(script.fileName(), threads, origins, ops,
                run.iterations.build(run.ops.iteration, run.ops.count));
        return new Output(Optional.of(program), diagnostics);
    }
}
