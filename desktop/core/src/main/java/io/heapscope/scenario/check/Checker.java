package io.heapscope.scenario.check;

import io.heapscope.scenario.ast.Expr;
import io.heapscope.scenario.ast.Name;
import io.heapscope.scenario.ast.Script;
import io.heapscope.scenario.ast.Setting;
import io.heapscope.scenario.ast.Statement;
import io.heapscope.scenario.lang.Dimension;
import io.heapscope.scenario.lang.Metric;
import io.heapscope.scenario.lang.Suggestions;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Semantic checks that need no unrolling, made in one walk in source order. Because every loop
 * runs at least once and nothing is conditional, "assigned earlier in the file" is exactly
 * "assigned before the first time this runs", so a handle, heap or mark used before any
 * statement creates it is an error here. Checks that depend on loop values (array indexes,
 * computed counts) are left to the compiler.
 */
public final class Checker {

    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Symbols symbols;
    private final ExprChecker expressions;
    private final HandleChecker handles;
    private boolean designSet;

    private Checker(Map<String, Name> allThreads) {
        this.symbols = new Symbols(allThreads);
        this.expressions = new ExprChecker(symbols, diagnostics);
        this.handles = new HandleChecker(symbols, expressions, diagnostics);
    }

    /** Every semantic problem in {@code script}, in source order. */
    public static List<Diagnostic> check(Script script) {
        Checker checker = new Checker(topLevelThreads(script));
        checker.statements(script.statements(), Optional.empty(), true);
        return List.copyOf(checker.diagnostics);
    }

    private static Map<String, Name> topLevelThreads(Script script) {
        Map<String, Name> threads = new LinkedHashMap<>();
        for (Statement statement : script.statements()) {
            if (statement instanceof Statement.Threads(List<Name> names, SourceSpan span)) {
                names.forEach(name -> threads.putIfAbsent(name.text(), name));
            }
        }
        return threads;
    }

    private void statements(List<Statement> list, Optional<Name> thread, boolean topLevel) {
        for (Statement statement : list) {
            statement(statement, thread, topLevel);
        }
    }

    private void statement(Statement statement, Optional<Name> inherited, boolean topLevel) {
        switch (statement) {
            case Statement.Threads threads -> declare(threads, topLevel);
            case Statement.OnThread onThread -> onThread(onThread, inherited);
            case Statement.Sleep sleep -> {
                OptionalLong nanos = expressions.integer(sleep.duration(), "a duration",
                        Dimension.TIME);
                if (nanos.isPresent() && nanos.getAsLong() < 0) {
                    error(sleep.duration().span(), "sleep cannot go back in time");
                }
            }
            case Statement.SetOption set when set.option().text().equals("design") -> design(set, topLevel);
            case Statement.SetOption set -> {
                if (set.value() instanceof Setting.Amount(Expr value)) {
                    expressions.integer(value, "a number, size or duration", Dimension.COUNT,
                            Dimension.BYTES, Dimension.TIME);
                }
            }
            case Statement.Expect expect -> expect(expect);
            case Statement.Mark mark -> symbols.setMark(mark.name().text());
        }
    }

    /* The core's design is chosen when the agent starts: one line, at the top level. */
    private void design(Statement.SetOption set, boolean topLevel) {
        if (!(set.value() instanceof Setting.Design)) {
            error(set.value().span(), "the design is v2 or v3");
        } else if (!topLevel) {
            error(set.span(), "the design is set at the top level, not inside a loop: it holds for the whole run");
        } else if (designSet) {
            error(set.span(), "the design is set twice: a run has one design");
        }
        designSet = true;
    }

    private void declare(Statement.Threads threads, boolean topLevel) {
        if (!topLevel) {
            error(threads.span(), "threads are declared at the top level, not inside a loop");
        }
        for (Name name : threads.names()) {
            Optional<Name> earlier = symbols.thread(name.text());
            if (earlier.isPresent()) {
                error(name.span(), "thread '" + name.text() + "' is already declared at "
                        + earlier.get().span().lineColumn());
            } else {
                symbols.declareThread(name);
            }
        }
    }

    private void onThread(Statement.OnThread statement, Optional<Name> inherited) {
        statement.thread().ifPresent(this::checkThreadDeclared);
        Optional<Name> thread = statement.thread().or(() -> inherited);
        if (statement.thread().isEmpty() && inherited.isEmpty()
                && !(statement instanceof Statement.Loop)) {
            String example = symbols.threadNames().stream().findFirst().orElse("main");
            error(statement.span(), "no thread runs this statement; put a thread name before it,"
                    + " as in '" + example + ": ...'");
        }
        switch (statement) {
            case Statement.Allocate allocate -> handles.allocate(allocate);
            case Statement.Reallocate reallocate -> handles.reallocate(reallocate);
            case Statement.Free free -> handles.use(free.handle(), true);
            case Statement.Touch touch -> handles.use(touch.handle(), true);
            case Statement.HeapCommand command -> handles.heapCommand(command);
            case Statement.Collect collect -> {
            }
            case Statement.ThreadCommand command -> {
            }
            case Statement.Repeat repeat -> {
                OptionalLong count = expressions.integer(repeat.count(), "a loop count",
                        Dimension.COUNT);
                if (count.isPresent() && count.getAsLong() < 1) {
                    error(repeat.count().span(), "a loop count must be a positive whole number,"
                            + " but this one is " + count.getAsLong());
                }
                loop(repeat.variable(), repeat.body(), thread);
            }
            case Statement.For loop -> {
                OptionalLong from = expressions.integer(loop.from(), "the start of the range",
                        Dimension.COUNT);
                OptionalLong to = expressions.integer(loop.to(), "the end of the range",
                        Dimension.COUNT);
                if (from.isPresent() && to.isPresent() && from.getAsLong() >= to.getAsLong()) {
                    error(loop.from().span().to(loop.to().span()), "the range "
                            + from.getAsLong() + ".." + to.getAsLong()
                            + " is empty; a loop runs at least once");
                }
                loop(Optional.of(loop.variable()), loop.body(), thread);
            }
        }
    }

    private void checkThreadDeclared(Name thread) {
        if (symbols.thread(thread.text()).isPresent()) {
            return;
        }
        Optional<Name> later = symbols.threadDeclaredAnywhere(thread.text());
        error(thread.span(), later.isPresent()
                ? "thread '" + thread.text() + "' is used before its declaration at "
                + later.get().span().lineColumn()
                : "unknown thread '" + thread.text() + "'"
                + Suggestions.didYouMean(thread.text(), symbols.threadNames())
                + "; declare it with 'thread " + thread.text() + "'");
    }

    private void loop(Optional<Name> variable, List<Statement> body, Optional<Name> thread) {
        variable.ifPresent(this::checkLoopVariable);
        variable.ifPresent(symbols::enterLoop);
        statements(body, thread, false);
        variable.ifPresent(v -> symbols.leaveLoop());
    }

    private void checkLoopVariable(Name variable) {
        Optional<Name> outer = symbols.loopVariable(variable.text());
        if (outer.isPresent()) {
            error(variable.span(), "loop variable '" + variable.text()
                    + "' is already used by the loop at " + outer.get().span().lineColumn());
        }
        if (Metric.byWord(variable.text()).isPresent()) {
            error(variable.span(), "loop variable '" + variable.text()
                    + "' has the name of a metric; choose another name");
        }
    }

    private void expect(Statement.Expect expect) {
        Optional<Dimension> left = expressions.expectSide(expect.left());
        Optional<Dimension> right = expressions.expectSide(expect.right());
        if (left.isPresent() && right.isPresent() && left.get() != right.get()
                && left.get() != Dimension.COUNT && right.get() != Dimension.COUNT) {
            error(expect.span(), "cannot compare " + left.get().description() + " with "
                    + right.get().description());
        }
    }

    private void error(SourceSpan span, String message) {
        diagnostics.add(Diagnostic.error(span, message));
    }
}
