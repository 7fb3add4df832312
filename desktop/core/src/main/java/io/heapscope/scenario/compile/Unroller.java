package io.heapscope.scenario.compile;

import io.heapscope.scenario.eval.EvalException;
import io.heapscope.scenario.op.MetricExpr;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.OptionValue;

/**
 * Runs a plan the way the agent will, one statement execution at a time, and emits the ops:
 * loops are unrolled, indexes evaluated, and the state of threads, heaps and handles is followed
 * so that mistakes that only show with concrete values are reported where they happen.
 */
final class Unroller {

    private final Run run;
    private final LifeActions life;
    private final BlockActions blocks;

    Unroller(Run run) {
        this.run = run;
        this.life = new LifeActions(run);
        this.blocks = new BlockActions(run, life);
    }

    void run(Plan[] plans) {
        for (Plan plan : plans) {
            execute(plan);
        }
    }

    private void execute(Plan plan) {
        run.current = plan.origin();
        try {
            switch (plan) {
                case Plan.Loop loop -> loop(loop);
                case Plan.Alloc alloc -> blocks.alloc(alloc);
                case Plan.Realloc realloc -> blocks.realloc(realloc);
                case Plan.Free free -> blocks.free(free);
                case Plan.Touch touch -> blocks.touch(touch);
                case Plan.Heap heap -> life.heap(heap);
                case Plan.Collect collect -> life.collect(collect);
                case Plan.ThreadCommand command -> life.thread(command);
                case Plan.Sleep sleep -> sleep(sleep);
                case Plan.SetOption set -> setOption(set);
                case Plan.Expect expect -> expect(expect);
                case Plan.Mark mark -> run.emit(new Op.Mark(mark.origin(), run.nextStep(),
                        mark.name()));
            }
        } catch (EvalException e) {
            run.error(plan.origin(), e.span(), e::getMessage);
        }
    }

    private void loop(Plan.Loop loop) {
        long from = run.eval(loop.from());
        long end = run.eval(loop.end());
        if (end <= from) {
            run.error(loop.origin(), loop.rangeSpan(), () -> loop.repeat()
                    ? "a loop count must be a positive whole number, but this one is " + end
                    : "the range " + from + ".." + end + " is empty; a loop runs at least once");
            return;
        }
        Run.Frame frame = run.enter(loop);
        for (long value = from; value < end; value++) {
            run.charge(1);
            run.slots[loop.slot()] = value;
            run.iterate(frame, value);
            for (Plan plan : loop.body()) {
                execute(plan);
            }
        }
        run.leave();
    }

    private void sleep(Plan.Sleep sleep) {
        int step = run.nextStep();
        long nanos = run.eval(sleep.duration());
        if (nanos < 0) {
            run.error(sleep.origin(), sleep.span(),
                    () -> "sleep cannot go back in time; this duration is " + nanos + " ns");
        } else if (!run.advanceClock(nanos)) {
            run.error(sleep.origin(), sleep.span(),
                    () -> "the virtual clock would overflow (more than 292 years)");
        } else {
            run.emit(new Op.Sleep(sleep.origin(), step, nanos));
        }
    }

    private void setOption(Plan.SetOption set) {
        int step = run.nextStep();
        OptionValue value;
        if (set.flag().isPresent()) {
            value = new OptionValue.Flag(set.flag().get());
        } else {
            long amount = run.eval(set.value());
            value = switch (set.dimension()) {
                case COUNT -> new OptionValue.Count(amount);
                case BYTES -> new OptionValue.Size(amount);
                case TIME -> new OptionValue.Duration(amount);
            };
        }
        run.emit(new Op.SetOption(set.origin(), step, set.name(), value));
    }

    private void expect(Plan.Expect expect) {
        int step = run.nextStep();
        MetricExpr left = expect.fixedLeft().orElseGet(
                () -> MetricExprBuilder.build(expect.left(), expect.slots(), run.slots));
        MetricExpr right = expect.fixedRight().orElseGet(
                () -> MetricExprBuilder.build(expect.right(), expect.slots(), run.slots));
        run.emit(new Op.Expect(expect.origin(), step, left, expect.comparison(), right,
                expect.message(), expect.columns()));
    }
}
