package io.heapscope.scenario.compile;

import io.heapscope.scenario.ast.Expr;
import io.heapscope.scenario.ast.HandleRef;
import io.heapscope.scenario.ast.Name;
import io.heapscope.scenario.ast.Script;
import io.heapscope.scenario.ast.Setting;
import io.heapscope.scenario.ast.Statement;
import io.heapscope.scenario.eval.Constant;
import io.heapscope.scenario.eval.ExprCompiler;
import io.heapscope.scenario.lang.Dimension;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Origin;
import io.heapscope.scenario.source.SourceSpan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a checked syntax tree into a {@link Plan}: numbers statements in source order, gives
 * each loop variable a slot (its nesting depth), compiles expressions and finds the handle table
 * of every handle name. Expects a tree the checker accepted.
 */
final class PlanBuilder {

    private static final Constant ZERO = new Constant(0);
    private static final Constant ONE = new Constant(1);
    private static final Constant NATURAL = new Constant(Op.Alloc.NATURAL);

    private final List<Origin> origins = new ArrayList<>();
    private final ThreadTable threads = new ThreadTable();
    private final Map<String, Handles> handles = new LinkedHashMap<>();
    private final Names handleNames = new Names();
    private final Names heapNames = new Names();
    private int slotCount;

    Plan[] build(Script script) {
        return statements(script.statements(), Optional.empty(), null, Map.of(), 0);
    }

    List<Origin> origins() {
        return origins;
    }

    ThreadTable threads() {
        return threads;
    }

    Names handleNames() {
        return handleNames;
    }

    Names heapNames() {
        return heapNames;
    }

    List<Handles> handles() {
        return List.copyOf(handles.values());
    }

    int slotCount() {
        return slotCount;
    }

    private Plan[] statements(List<Statement> list, Optional<String> thread, Origin outer,
                              Map<String, Integer> scope, int depth) {
        List<Plan> plans = new ArrayList<>();
        for (Statement statement : list) {
            Origin origin = origin(statement.span(), outer);
            plan(statement, origin, thread, scope, depth).ifPresent(plans::add);
        }
        return plans.toArray(Plan[]::new);
    }

    private Origin origin(SourceSpan span, Origin outer) {
        int index = origins.size();
        Origin origin = outer == null ? new Origin(index, span, index, span)
                : new Origin(index, span, outer.outer(), outer.outerSpan());
        origins.add(origin);
        return origin;
    }

    /** The plan of a statement; empty for a thread declaration, which only names threads. */
    private Optional<Plan> plan(Statement statement, Origin origin, Optional<String> inherited,
                                Map<String, Integer> scope, int depth) {
        Slots slots = new Slots(scope);
        return Optional.ofNullable(switch (statement) {
            case Statement.Threads declaration -> {
                declaration.names().forEach(name -> threads.state(name.text()));
                yield null;
            }
            case Statement.Loop loop -> loop(loop, origin,
                    loop.thread().map(Name::text).or(() -> inherited), scope, depth, slots);
            case Statement.Action action -> action(action, origin,
                    threads.state(threadOf(action, inherited)), slots);
            case Statement.Sleep sleep -> new Plan.Sleep(origin,
                    ExprCompiler.compile(sleep.duration(), slots), sleep.duration().span());
            case Statement.SetOption set -> switch (set.value()) {
                case Setting.Switch flag -> new Plan.SetOption(origin, set.option().text(),
                        Optional.of(flag.on()), ZERO, Dimension.COUNT);
                case Setting.Design design -> new Plan.SetOption(origin, set.option().text(),
                        Optional.empty(), new Constant(design.version()), Dimension.COUNT);
                case Setting.Amount(Expr value) -> new Plan.SetOption(origin,
                        set.option().text(), Optional.empty(), ExprCompiler.compile(value, slots),
                        ExprCompiler.dimension(value));
            };
            case Statement.Expect expect -> new Plan.Expect(origin,
                    expect.columns().stream().map(n -> n.text()).toList(), expect.left(),
                    MetricExprBuilder.fixed(expect.left(), slots), expect.comparison(),
                    expect.right(), MetricExprBuilder.fixed(expect.right(), slots),
                    expect.message(), slots);
            case Statement.Mark mark -> new Plan.Mark(origin, mark.name().text());
        });
    }

    /** The statement's own thread or the enclosing loop's; the checker made sure there is one. */
    private static String threadOf(Statement.Action action, Optional<String> inherited) {
        return action.thread().map(Name::text).or(() -> inherited).orElseThrow(
                () -> new IllegalStateException("the checker let a statement without a thread by"));
    }

    private Plan action(Statement.Action statement, Origin origin, ThreadTable.State thread,
                        Slots slots) {
        return switch (statement) {
            case Statement.Allocate a -> new Plan.Alloc(origin, thread, target(a.target(), slots),
                    a.count().map(c -> ExprCompiler.compile(c, slots)).orElse(ONE),
                    ExprCompiler.compile(a.size(), slots),
                    a.alignment().map(e -> ExprCompiler.compile(e, slots)).orElse(NATURAL),
                    a.kind() != Statement.AllocKind.MALLOC, a.heap().map(Name::text),
                    a.heap().map(h -> heapNames.id(h.text())).orElse(-1),
                    a.count().map(c -> c.span().to(a.size().span())).orElse(a.size().span()));
            case Statement.Reallocate r -> {
                Plan.Target source = target(r.source(), slots);
                Plan.Target target = r.target().map(t -> target(t, slots)).orElse(source);
                yield new Plan.Realloc(origin, thread, source, target,
                        ExprCompiler.compile(r.size(), slots), r.size().span());
            }
            case Statement.Free free -> new Plan.Free(origin, thread, target(free.handle(), slots));
            case Statement.Touch touch -> new Plan.Touch(origin, thread,
                    target(touch.handle(), slots));
            case Statement.HeapCommand c ->
                    new Plan.Heap(origin, thread, c.action(), c.heap().text());
            case Statement.Collect c -> new Plan.Collect(origin, thread, c.force());
            case Statement.ThreadCommand c -> new Plan.ThreadCommand(origin, thread, c.action());
        };
    }

    /** A loop's variable lives in the slot numbered by the loop's nesting depth. */
    private Plan loop(Statement.Loop loop, Origin origin, Optional<String> thread,
                      Map<String, Integer> scope, int depth, Slots slots) {
        slotCount = Math.max(slotCount, depth + 1);
        Optional<Name> variable = switch (loop) {
            case Statement.Repeat repeat -> repeat.variable();
            case Statement.For range -> Optional.of(range.variable());
        };
        Map<String, Integer> inner = new HashMap<>(scope);
        variable.ifPresent(v -> inner.put(v.text(), depth));
        Plan[] body = statements(loop.body(), thread, origin, inner, depth + 1);
        return switch (loop) {
            case Statement.Repeat repeat -> new Plan.Loop(origin, true, variable.map(Name::text),
                    depth, ZERO, ExprCompiler.compile(repeat.count(), slots),
                    repeat.count().span(), body);
            case Statement.For range -> new Plan.Loop(origin, false, variable.map(Name::text),
                    depth, ExprCompiler.compile(range.from(), slots),
                    ExprCompiler.compile(range.to(), slots),
                    range.from().span().to(range.to().span()), body);
        };
    }

    private Plan.Target target(HandleRef ref, Slots slots) {
        boolean array = !(ref instanceof HandleRef.Single);
        Handles table = handles.computeIfAbsent(ref.name().text(),
                n -> new Handles(n, handleNames.id(n), array));
        return switch (ref) {
            case HandleRef.Single single -> new Plan.Target.Single(table);
            case HandleRef.Element element -> new Plan.Target.Element(table,
                    ExprCompiler.compile(element.index(), slots), element.index().span());
            case HandleRef.Slice slice -> new Plan.Target.Slice(table,
                    ExprCompiler.compile(slice.from(), slots),
                    ExprCompiler.compile(slice.to(), slots), slice.span());
        };
    }
}
