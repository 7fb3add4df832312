package io.heapscope.scenario;

import static io.heapscope.scenario.ScenarioTestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.ast.Expr;
import io.heapscope.scenario.ast.HandleRef;
import io.heapscope.scenario.ast.Name;
import io.heapscope.scenario.ast.Setting;
import io.heapscope.scenario.ast.Statement;
import io.heapscope.scenario.lang.Comparison;
import io.heapscope.scenario.lang.Operator;
import io.heapscope.scenario.lang.Unit;
import io.heapscope.scenario.source.Diagnostic;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParserTest {

    private static List<Statement> statements(String... lines) {
        ParseResult result = parse(lines);
        assertTrue(result.ok(), () -> "unexpected errors " + result.diagnostics());
        return result.script().statements();
    }

    private static Statement only(String line) {
        List<Statement> statements = statements(line);
        assertEquals(1, statements.size());
        return statements.getFirst();
    }

    private static List<String> errors(String... lines) {
        return parse(lines).diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void readsAnAllocationWithAllItsClauses() {
        var allocate = assertInstanceOf(Statement.Allocate.class,
                only("main: a = malloc 64 B align 16 in cache"));
        assertEquals("t.scenario:1:1-1:40", allocate.span().toString());
        assertEquals("main", allocate.thread().orElseThrow().text());
        assertEquals("a", allocate.target().name().text());
        assertInstanceOf(HandleRef.Single.class, allocate.target());
        assertEquals(Statement.AllocKind.MALLOC, allocate.kind());
        var size = assertInstanceOf(Expr.Literal.class, allocate.size());
        assertEquals(Unit.B, size.unit());
        assertEquals(new BigDecimal(64), size.value());
        assertEquals("t.scenario:1:18-1:22", size.span().toString());
        assertEquals(new BigDecimal(16),
                ((Expr.Literal) allocate.alignment().orElseThrow()).value());
        assertEquals("cache", allocate.heap().orElseThrow().text());
        assertTrue(allocate.count().isEmpty());
    }

    @Test
    void readsCallocZallocAndBothReallocForms() {
        var calloc = (Statement.Allocate) only("w: t = calloc 10 x 8B in h");
        assertEquals(Statement.AllocKind.CALLOC, calloc.kind());
        assertEquals("10", ((Expr.Literal) calloc.count().orElseThrow()).text());
        assertEquals("h", calloc.heap().orElseThrow().text());

        var zalloc = (Statement.Allocate) only("w: z = zalloc 1.5 KiB");
        assertEquals(Statement.AllocKind.ZALLOC, zalloc.kind());
        assertEquals(new BigDecimal("1536.0"), ((Expr.Literal) zalloc.size()).scaled());

        var inPlace = (Statement.Reallocate) only("w: realloc a 1 KiB");
        assertTrue(inPlace.target().isEmpty());
        var moving = (Statement.Reallocate) only("w: b = realloc a 1 KiB");
        assertEquals("b", moving.target().orElseThrow().name().text());
        assertEquals("a", moving.source().name().text());
    }

    @Test
    void readsElementsRangesAndIndexArithmetic() {
        var free = (Statement.Free) only("main: free hotel[2 * i + 1]");
        var element = assertInstanceOf(HandleRef.Element.class, free.handle());
        var sum = assertInstanceOf(Expr.Binary.class, element.index());
        assertEquals(Operator.PLUS, sum.operator());
        assertEquals(Operator.TIMES, ((Expr.Binary) sum.left()).operator());
        assertEquals("t.scenario:1:12-1:28", element.span().toString());

        var touch = (Statement.Touch) only("main: touch hotel[0..n - 1]");
        var slice = assertInstanceOf(HandleRef.Slice.class, touch.handle());
        assertEquals(Operator.MINUS, ((Expr.Binary) slice.to()).operator());
    }

    @Test
    void parenthesesAndUnaryMinusGroupAsWritten() {
        var sleep = (Statement.Sleep) only("sleep -(1 + 2) * 3 ms");
        var times = assertInstanceOf(Expr.Binary.class, sleep.duration());
        assertEquals(Operator.TIMES, times.operator());
        var negate = assertInstanceOf(Expr.Negate.class, times.left());
        assertEquals(Operator.PLUS, ((Expr.Binary) negate.operand()).operator());
        assertEquals(Unit.MS, ((Expr.Literal) times.right()).unit());
    }

    @Test
    void readsLoopsWithBodiesNestingAndBracesOnTheNextLine() {
        List<Statement> statements = statements(
                "main: repeat 3 as i",
                "{",
                "  for j in i..10 {",
                "    g[j] = malloc 8",
                "    refresher: free g[j]",
                "  }",
                "}",
                "repeat 2 { main: collect; main: collect force }");
        var repeat = assertInstanceOf(Statement.Repeat.class, statements.get(0));
        assertEquals("i", repeat.variable().orElseThrow().text());
        assertEquals("t.scenario:1:1-7:2", repeat.span().toString());
        var loop = assertInstanceOf(Statement.For.class, repeat.body().getFirst());
        assertTrue(loop.thread().isEmpty());
        assertEquals(2, loop.body().size());
        assertEquals("refresher",
                ((Statement.Free) loop.body().get(1)).thread().orElseThrow().text());
        var anonymous = assertInstanceOf(Statement.Repeat.class, statements.get(1));
        assertTrue(anonymous.variable().isEmpty());
        assertEquals(List.of(false, true), anonymous.body().stream()
                .map(s -> ((Statement.Collect) s).force()).toList());
    }

    @Test
    void readsThreadAndHeapCommands() {
        List<Statement> statements = statements(
                "thread main, refresher",
                "main: start; main: park; main: wake; main: exit",
                "main: new heap h; main: use heap h; main: delete heap h; main: destroy heap h");
        assertEquals(List.of("main", "refresher"), ((Statement.Threads) statements.getFirst())
                .names().stream().map(Name::text).toList());
        assertEquals(List.of(Statement.ThreadAction.START, Statement.ThreadAction.PARK,
                Statement.ThreadAction.WAKE, Statement.ThreadAction.EXIT),
                statements.subList(1, 5).stream()
                        .map(s -> ((Statement.ThreadCommand) s).action()).toList());
        assertEquals(List.of(Statement.HeapAction.NEW, Statement.HeapAction.USE,
                Statement.HeapAction.DELETE, Statement.HeapAction.DESTROY),
                statements.subList(5, 9).stream()
                        .map(s -> ((Statement.HeapCommand) s).action()).toList());
    }

    @Test
    void readsExpectationsWithMetricsArgumentsMarksAndMessages() {
        var expect = (Statement.Expect) only(
                "expect rss - rss@start >= 1.8 * pending(main)@loaded \"it doubled\"");
        assertEquals(Comparison.GREATER_OR_EQUAL, expect.comparison());
        assertEquals(Optional.of("it doubled"), expect.message());
        var difference = (Expr.Binary) expect.left();
        var rss = assertInstanceOf(Expr.MetricRef.class, difference.left());
        assertTrue(rss.argument().isEmpty() && rss.mark().isEmpty());
        var marked = (Expr.MetricRef) difference.right();
        assertEquals("start", marked.mark().orElseThrow().text());
        var pending = (Expr.MetricRef) ((Expr.Binary) expect.right()).right();
        assertEquals("main", pending.argument().orElseThrow().text());
        assertEquals("loaded", pending.mark().orElseThrow().text());
        var freeBlocks = (Statement.Expect) only("expect blocks(free) > i");
        assertEquals("free", ((Expr.MetricRef) freeBlocks.left()).argument().orElseThrow().text());
        assertInstanceOf(Expr.Variable.class, freeBlocks.right());
    }

    @Test
    void readsOptionSettingsOfEveryForm() {
        List<Statement> statements = statements("set reclaim_on_free = off", "set secure = 4",
                "set purge_delay = 10ms", "set arena_reserve = 256 MiB");
        var flag = (Statement.SetOption) statements.getFirst();
        assertEquals(new Setting.Switch(false, "off", flag.value().span()), flag.value());
        var delay = (Statement.SetOption) statements.get(2);
        assertEquals(Unit.MS, ((Expr.Literal) ((Setting.Amount) delay.value()).value()).unit());
    }

    @Test
    void reportsEveryBrokenStatementAndKeepsTheGoodOnes() {
        ParseResult result = parse(
                "thread main",
                "main: a = malloc",
                "main: b = malloc 8",
                "main: c = calloc 4 * 8",
                "main: free b",
                "expect rss = 1",
                "mark done");
        assertEquals(List.of(
                "t.scenario:2:17: error: expected a size but found end of line",
                "t.scenario:4:23: error: expected 'x' but found end of line;"
                        + " calloc is written 'calloc 10 x 64 B'",
                "t.scenario:6:12: error: expected a comparison (<, <=, >, >=, ==, !=) but found"
                        + " '='; equality is written '=='"),
                result.diagnostics().stream().map(Diagnostic::toString).toList());
        assertEquals(List.of(Statement.Threads.class, Statement.Allocate.class,
                Statement.Free.class, Statement.Mark.class),
                result.script().statements().stream().map(Object::getClass).toList());
    }

    @Test
    void reportsErrorsInsideTheBodyOfALoopWhoseHeaderIsBroken() {
        assertEquals(List.of(
                "t.scenario:1:19: error: expected a loop variable name but found number 5",
                "t.scenario:2:3: error: expected a statement but found 'fre' (did you mean 'free'?)"),
                errors("main: repeat 3 as 5 {", "  fre a", "}", "mark ok"));
    }

    @Test
    void pointsAMissingClosingBraceToTheBlockItShouldClose() {
        assertEquals(List.of("t.scenario:3:1: error: expected '}' to close the block opened at"
                        + " 1:16 but found end of file"),
                errors("main: repeat 3 {", "  a = malloc 8"));
    }

    @Test
    void reportsAStrayClosingBraceAndGoesOn() {
        ParseResult result = parse("}", "mark m");
        assertEquals(List.of("t.scenario:1:1: error: expected a statement but found '}',"
                + " which closes no block"), result.diagnostics().stream()
                .map(Diagnostic::toString).toList());
        assertEquals(1, result.script().statements().size());
    }

    @Test
    void reportsUnknownUnitsWithASuggestion() {
        assertEquals(List.of("t.scenario:1:20: error: unknown unit 'kib' (did you mean 'KiB'?);"
                        + " units are B, KiB, MiB, GiB, TiB, KB, MB, GB, TB, ns, us, ms, s",
                "t.scenario:2:10: error: unknown unit 'msec'; units are B, KiB, MiB, GiB, TiB, KB,"
                        + " MB, GB, TB, ns, us, ms, s"),
                errors("main: a = malloc 64kib", "sleep 50 msec"));
    }

    @Test
    void reportsAThreadPrefixOnAGlobalStatementButKeepsTheStatement() {
        ParseResult result = parse("main: sleep 1ms");
        assertEquals(List.of("t.scenario:1:1: error: 'sleep' does not run on a thread;"
                + " remove 'main:'"), result.diagnostics().stream().map(Diagnostic::toString).toList());
        assertInstanceOf(Statement.Sleep.class, result.script().statements().getFirst());
    }

    @Test
    void rejectsReservedWordsAsNamesButAllowsThemAsMarksAndMetricArguments() {
        assertEquals(List.of("t.scenario:1:23: error: expected a heap name but found keyword"
                        + " 'free', which is reserved",
                "t.scenario:2:1: error: a thread declaration does not run on a thread;"
                        + " remove 'main:'"),
                errors("main: a = malloc 8 in free", "main: thread x"));
        assertTrue(parse("mark start", "expect blocks(free) >= rss@start").ok());
    }

    @Test
    void reportsTrailingTokensAfterACompleteStatement() {
        assertEquals(List.of("t.scenario:1:14: error: expected end of line but found 'b'"),
                errors("main: free a b"));
    }

    @Test
    void limitsNestingInsteadOfOverflowingTheStack() {
        String deepLoops = "main: repeat 1 { ".repeat(40) + "}".repeat(40);
        assertTrue(parse(deepLoops).diagnostics().stream()
                .anyMatch(d -> d.message().contains("nested too deeply (more than 32 levels)")));
        String deepParens = "sleep " + "(".repeat(100) + "1ms" + ")".repeat(100);
        assertTrue(parse(deepParens).diagnostics().stream()
                .anyMatch(d -> d.message().contains("nested too deeply (more than 64 levels)")));
        String longSum = "sleep 1ms" + " + 1ms".repeat(300);
        assertTrue(parse(longSum).diagnostics().stream()
                .anyMatch(d -> d.message().contains("more than 256 operators")));
    }

    @Test
    void rejectsAbsurdlyLongNumbers() {
        assertEquals(List.of("t.scenario:1:18: error: number is too long (more than 40 characters)"),
                errors("main: a = malloc " + "9".repeat(41)));
    }
}
