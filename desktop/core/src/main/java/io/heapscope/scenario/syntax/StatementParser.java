package io.heapscope.scenario.syntax;

import io.heapscope.scenario.ast.Expr;
import io.heapscope.scenario.ast.HandleRef;
import io.heapscope.scenario.ast.Name;
import io.heapscope.scenario.ast.Setting;
import io.heapscope.scenario.ast.Statement;
import io.heapscope.scenario.ast.Statement.AllocKind;
import io.heapscope.scenario.ast.Statement.HeapAction;
import io.heapscope.scenario.ast.Statement.ThreadAction;
import io.heapscope.scenario.lang.Comparison;
import io.heapscope.scenario.lang.Suggestions;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads one statement; the caller handles separators, blocks and recovery. */
final class StatementParser {

    private static final Set<String> SWITCH_WORDS = Set.of("on", "off", "true", "false");
    private static final String COMPARISONS = "a comparison (<, <=, >, >=, ==, !=)";

    private final TokenStream in;
    private final ExpressionParser expressions;
    private final Parser.BlockReader blocks;
    private final List<Diagnostic> diagnostics;

    StatementParser(TokenStream in, ExpressionParser expressions, Parser.BlockReader blocks,
                    List<Diagnostic> diagnostics) {
        this.in = in;
        this.expressions = expressions;
        this.blocks = blocks;
        this.diagnostics = diagnostics;
    }

    Statement statement() {
        Token first = in.peek();
        if (first.isKeyword("thread")) {
            return threads();
        }
        if (first.is(TokenKind.IDENT) && in.peek(1).is(TokenKind.COLON)) {
            Name thread = expressions.name("a thread name");
            Token colon = in.next();
            return prefixed(thread, thread.span().to(colon.span()));
        }
        if (isGlobal(first)) {
            return global();
        }
        return onThread(Optional.empty(), first.span());
    }

    private Statement prefixed(Name thread, SourceSpan prefix) {
        Token word = in.peek();
        if (word.isKeyword("thread")) {
            throw in.error(prefix, "a thread declaration does not run on a thread; remove '"
                    + thread.text() + ":'");
        }
        if (isGlobal(word)) {
            diagnostics.add(Diagnostic.error(prefix, "'" + word.text()
                    + "' does not run on a thread; remove '" + thread.text() + ":'"));
            return global();
        }
        return onThread(Optional.of(thread), thread.span());
    }

    private static boolean isGlobal(Token token) {
        return token.is(TokenKind.KEYWORD) && Keywords.GLOBAL_STATEMENTS.contains(token.text());
    }

    private Statement threads() {
        SourceSpan start = in.next().span();
        List<Name> names = new ArrayList<>();
        names.add(expressions.name("a thread name"));
        while (in.at(TokenKind.COMMA)) {
            in.next();
            names.add(expressions.name("a thread name"));
        }
        return new Statement.Threads(names, in.spanFrom(start));
    }

    private Statement onThread(Optional<Name> thread, SourceSpan start) {
        Token word = in.peek();
        if (word.is(TokenKind.IDENT)) {
            TokenKind after = in.peek(1).kind();
            if (after == TokenKind.EQUALS || after == TokenKind.LBRACKET) {
                return assignment(thread, start);
            }
            throw in.error(word.span(), "expected a statement but found " + word.describe()
                    + Suggestions.didYouMean(word.text(), Keywords.ALL));
        }
        if (!word.is(TokenKind.KEYWORD)) {
            throw in.unexpected("a statement");
        }
        return switch (word.text()) {
            case "realloc" -> {
                in.next();
                HandleRef source = expressions.handle("a handle name");
                Expr size = expressions.expression("a size", false);
                yield new Statement.Reallocate(thread, Optional.empty(), source, size,
                        in.spanFrom(start));
            }
            case "free" -> {
                in.next();
                yield new Statement.Free(thread, expressions.handle("a handle name"),
                        in.spanFrom(start));
            }
            case "touch" -> {
                in.next();
                yield new Statement.Touch(thread, expressions.handle("a handle name"),
                        in.spanFrom(start));
            }
            case "new" -> heap(thread, start, HeapAction.NEW);
            case "delete" -> heap(thread, start, HeapAction.DELETE);
            case "destroy" -> heap(thread, start, HeapAction.DESTROY);
            case "use" -> heap(thread, start, HeapAction.USE);
            case "collect" -> {
                in.next();
                boolean force = in.atWord("force");
                if (force) {
                    in.next();
                }
                yield new Statement.Collect(thread, force, in.spanFrom(start));
            }
            case "start" -> threadCommand(thread, start, ThreadAction.START);
            case "park" -> threadCommand(thread, start, ThreadAction.PARK);
            case "wake" -> threadCommand(thread, start, ThreadAction.WAKE);
            case "exit" -> threadCommand(thread, start, ThreadAction.EXIT);
            case "repeat" -> repeat(thread, start);
            case "for" -> forLoop(thread, start);
            default -> throw in.unexpected("a statement");
        };
    }

    private Statement assignment(Optional<Name> thread, SourceSpan start) {
        HandleRef target = expressions.handle("a handle name");
        in.expect(TokenKind.EQUALS, "'='");
        Token function = in.peek();
        if (function.isKeyword("malloc")) {
            return allocate(thread, start, target, AllocKind.MALLOC);
        }
        if (function.isKeyword("zalloc")) {
            return allocate(thread, start, target, AllocKind.ZALLOC);
        }
        if (function.isKeyword("calloc")) {
            return calloc(thread, start, target);
        }
        if (function.isKeyword("realloc")) {
            in.next();
            HandleRef source = expressions.handle("a handle name");
            Expr size = expressions.expression("a size", false);
            return new Statement.Reallocate(thread, Optional.of(target), source, size,
                    in.spanFrom(start));
        }
        throw in.unexpected("malloc, zalloc, calloc or realloc");
    }

    private Statement allocate(Optional<Name> thread, SourceSpan start, HandleRef target,
                               AllocKind kind) {
        in.next();
        Expr size = expressions.expression("a size", false);
        Optional<Expr> alignment = Optional.empty();
        Optional<Name> heap = Optional.empty();
        while (true) {
            if (in.atWord("align")) {
                Token align = in.next();
                if (alignment.isPresent()) {
                    throw in.error(align.span(), "'align' is given twice");
                }
                alignment = Optional.of(expressions.expression("an alignment", false));
            } else if (in.atWord("in")) {
                heap = Optional.of(heapClause(heap));
            } else {
                return new Statement.Allocate(thread, target, kind, Optional.empty(), size,
                        alignment, heap, in.spanFrom(start));
            }
        }
    }

    private Statement calloc(Optional<Name> thread, SourceSpan start, HandleRef target) {
        in.next();
        Expr count = expressions.expression("a count", false);
        if (!in.atWord("x")) {
            throw in.error(in.peek().span(), "expected 'x' but found " + in.peek().describe()
                    + "; calloc is written 'calloc 10 x 64 B'");
        }
        in.next();
        Expr size = expressions.expression("a size", false);
        Optional<Name> heap = Optional.empty();
        if (in.atWord("in")) {
            heap = Optional.of(heapClause(heap));
        }
        return new Statement.Allocate(thread, target, AllocKind.CALLOC, Optional.of(count), size,
                Optional.empty(), heap, in.spanFrom(start));
    }

    private Name heapClause(Optional<Name> already) {
        Token word = in.next();
        if (already.isPresent()) {
            throw in.error(word.span(), "'in' is given twice");
        }
        return expressions.name("a heap name");
    }

    private Statement heap(Optional<Name> thread, SourceSpan start, HeapAction action) {
        in.next();
        if (!in.atWord("heap")) {
            throw in.unexpected("'heap'");
        }
        in.next();
        Name heap = expressions.name("a heap name");
        return new Statement.HeapCommand(thread, action, heap, in.spanFrom(start));
    }

    private Statement threadCommand(Optional<Name> thread, SourceSpan start, ThreadAction action) {
        in.next();
        return new Statement.ThreadCommand(thread, action, in.spanFrom(start));
    }

    private Statement repeat(Optional<Name> thread, SourceSpan start) {
        in.next();
        Expr count = expressions.expression("a loop count", false);
        Optional<Name> variable = Optional.empty();
        if (in.atWord("as")) {
            in.next();
            variable = Optional.of(expressions.name("a loop variable name"));
        }
        List<Statement> body = blocks.read();
        return new Statement.Repeat(thread, count, variable, body, in.spanFrom(start));
    }

    private Statement forLoop(Optional<Name> thread, SourceSpan start) {
        in.next();
        Name variable = expressions.name("a loop variable name");
        if (!in.atWord("in")) {
            throw in.unexpected("'in'");
        }
        in.next();
        Expr from = expressions.expression("the start of the range", false);
        in.expect(TokenKind.DOTDOT, "'..'");
        Expr to = expressions.expression("the end of the range", false);
        List<Statement> body = blocks.read();
        return new Statement.For(thread, variable, from, to, body, in.spanFrom(start));
    }

    private Statement global() {
        Token word = in.next();
        SourceSpan start = word.span();
        return switch (word.text()) {
            case "sleep" -> new Statement.Sleep(expressions.expression("a duration", false),
                    in.spanFrom(start));
            case "set" -> setOption(start);
            case "expect" -> expect(start);
            default -> new Statement.Mark(expressions.word("a mark name"), in.spanFrom(start));
        };
    }

    private Statement setOption(SourceSpan start) {
        Name option = expressions.word("an option name");
        in.expect(TokenKind.EQUALS, "'='");
        Token value = in.peek();
        Setting setting;
        if (option.text().equals("design") && value.is(TokenKind.IDENT)
                && (value.text().equals("v2") || value.text().equals("v3"))) {
            in.next();
            setting = new Setting.Design(value.text().charAt(1) - '0', value.text(), value.span());
        } else if (value.is(TokenKind.IDENT) && SWITCH_WORDS.contains(value.text())) {
            in.next();
            boolean on = value.text().equals("on") || value.text().equals("true");
            setting = new Setting.Switch(on, value.text(), value.span());
        } else {
            setting = new Setting.Amount(
                    expressions.expression("a value (a number, size, duration, on or off)", false));
        }
        return new Statement.SetOption(option, setting, in.spanFrom(start));
    }

    private Statement expect(SourceSpan start) {
        List<Name> columns = new ArrayList<>();
        if (in.at(TokenKind.LBRACKET)) {
            in.next();
            columns.add(expressions.name("a column or backend name"));
            while (in.at(TokenKind.COMMA)) {
                in.next();
                columns.add(expressions.name("a column or backend name"));
            }
            in.expect(TokenKind.RBRACKET, "']'");
        }
        Expr left = expressions.expression("a metric or a number", true);
        Comparison comparison = comparison();
        Expr right = expressions.expression("a metric or a number", true);
        Optional<String> message = Optional.empty();
        if (in.at(TokenKind.STRING)) {
            message = Optional.of(in.next().text());
        }
        return new Statement.Expect(columns, left, comparison, right, message, in.spanFrom(start));
    }

    private Comparison comparison() {
        Token token = in.peek();
        String symbol = token.kind().symbol();
        Optional<Comparison> comparison = symbol == null ? Optional.empty()
                : Comparison.bySymbol(symbol);
        if (comparison.isEmpty()) {
            throw token.is(TokenKind.EQUALS)
                    ? in.error(token.span(), "expected " + COMPARISONS
                    + " but found '='; equality is written '=='")
                    : in.unexpected(COMPARISONS);
        }
        in.next();
        return comparison.get();
    }
}
