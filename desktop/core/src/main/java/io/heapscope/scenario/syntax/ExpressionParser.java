package io.heapscope.scenario.syntax;

import io.heapscope.scenario.ast.Expr;
import io.heapscope.scenario.ast.HandleRef;
import io.heapscope.scenario.ast.Name;
import io.heapscope.scenario.lang.Metric;
import io.heapscope.scenario.lang.Operator;
import io.heapscope.scenario.lang.Suggestions;
import io.heapscope.scenario.lang.Unit;
import io.heapscope.scenario.source.SourceSpan;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;

/**
 * Reads expressions, handle references and names. Precedence: unary minus, then {@code * / %},
 * then {@code + -}. A name directly after a number is its unit, unless it is one of the words
 * that may follow a number ({@code x}, {@code align}, {@code in}, {@code as}).
 */
final class ExpressionParser {

    /** Deepest nesting of parentheses and unary minus; deeper input is rejected, not recursed. */
    static final int MAX_DEPTH = 64;
    /** Most binary operators in one expression, which bounds the depth of its tree. */
    static final int MAX_OPERATORS = 256;
    /** Longest number literal accepted; longer ones are surely typos. */
    static final int MAX_NUMBER_LENGTH = 40;

    private static final Set<String> WORDS_AFTER_NUMBER = Set.of("x", "align", "in", "as");

    private final TokenStream in;
    private int depth;
    private int operators;

    ExpressionParser(TokenStream in) {
        this.in = in;
    }

    /**
     * An expression. {@code what} names what is expected, for the error message when none is
     * there ("a size"); {@code metrics} is true on expect lines, where metric names are read.
     */
    Expr expression(String what, boolean metrics) {
        if (depth == 0) {
            operators = 0;
        }
        Expr left = term(what, metrics);
        while (in.at(TokenKind.PLUS) || in.at(TokenKind.MINUS)) {
            Operator op = operator().is(TokenKind.PLUS) ? Operator.PLUS : Operator.MINUS;
            Expr right = term(what, metrics);
            left = new Expr.Binary(op, left, right, left.span().to(right.span()));
        }
        return left;
    }

    private Expr term(String what, boolean metrics) {
        Expr left = unary(what, metrics);
        while (in.at(TokenKind.STAR) || in.at(TokenKind.SLASH) || in.at(TokenKind.PERCENT)) {
            Operator op = switch (operator().kind()) {
                case STAR -> Operator.TIMES;
                case SLASH -> Operator.DIVIDE;
                default -> Operator.REMAINDER;
            };
            Expr right = unary(what, metrics);
            left = new Expr.Binary(op, left, right, left.span().to(right.span()));
        }
        return left;
    }

    private Token operator() {
        if (++operators > MAX_OPERATORS) {
            throw in.error(in.peek().span(),
                    "expression is too long (more than " + MAX_OPERATORS + " operators)");
        }
        return in.next();
    }

    private Expr unary(String what, boolean metrics) {
        if (in.at(TokenKind.MINUS)) {
            SourceSpan start = in.next().span();
            Expr operand = nested(() -> unary(what, metrics));
            return new Expr.Negate(operand, start.to(operand.span()));
        }
        return primary(what, metrics);
    }

    private Expr primary(String what, boolean metrics) {
        Token token = in.peek();
        return switch (token.kind()) {
            case NUMBER -> literal();
            case IDENT -> isMetric(metrics) ? metric() : new Expr.Variable(name("a name"));
            case LPAREN -> {
                in.next();
                Expr inner = nested(() -> expression(what, metrics));
                in.expect(TokenKind.RPAREN, "')'");
                yield inner;
            }
            default -> throw in.unexpected(what);
        };
    }

    private Expr nested(java.util.function.Supplier<Expr> parse) {
        if (depth >= MAX_DEPTH) {
            throw in.error(in.peek().span(),
                    "expression is nested too deeply (more than " + MAX_DEPTH + " levels)");
        }
        depth++;
        try {
            return parse.get();
        } finally {
            depth--;
        }
    }

    private Expr literal() {
        Token number = in.next();
        if (number.text().length() > MAX_NUMBER_LENGTH) {
            throw in.error(number.span(),
                    "number is too long (more than " + MAX_NUMBER_LENGTH + " characters)");
        }
        BigDecimal value = new BigDecimal(number.text().replace("_", ""));
        Token next = in.peek();
        if (!next.is(TokenKind.IDENT) || WORDS_AFTER_NUMBER.contains(next.text())) {
            return new Expr.Literal(number.text(), value, Unit.NONE, number.span());
        }
        in.next();
        Unit unit = Unit.bySymbol(next.text()).orElseThrow(() -> in.error(next.span(),
                "unknown unit '" + next.text() + "'"
                        + Suggestions.didYouMean(next.text(), Unit.symbolList())
                        + "; units are " + Unit.symbols()));
        return new Expr.Literal(number.text(), value, unit, number.span().to(next.span()));
    }

    private boolean isMetric(boolean metrics) {
        TokenKind after = in.peek(1).kind();
        return after == TokenKind.LPAREN || after == TokenKind.AT
                || (metrics && Metric.byWord(in.peek().text()).isPresent());
    }

    private Expr metric() {
        Name metric = name("a metric name");
        Optional<Name> argument = Optional.empty();
        if (in.at(TokenKind.LPAREN)) {
            in.next();
            if (!in.at(TokenKind.RPAREN)) {
                argument = Optional.of(word("an argument"));
            }
            in.expect(TokenKind.RPAREN, "')'");
        }
        Optional<Name> mark = Optional.empty();
        if (in.at(TokenKind.AT)) {
            in.next();
            mark = Optional.of(word("a mark name"));
        }
        return new Expr.MetricRef(metric, argument, mark, in.spanFrom(metric.span()));
    }

    /** {@code a}, {@code hotel[i + 1]} or {@code hotel[0..N]}. */
    HandleRef handle(String what) {
        Name name = name(what);
        if (!in.at(TokenKind.LBRACKET)) {
            return new HandleRef.Single(name);
        }
        in.next();
        Expr from = expression("an index", false);
        if (in.at(TokenKind.DOTDOT)) {
            in.next();
            Expr to = expression("the end of the range", false);
            in.expect(TokenKind.RBRACKET, "']'");
            return new HandleRef.Slice(name, from, to, in.spanFrom(name.span()));
        }
        in.expect(TokenKind.RBRACKET, "'..' or ']'");
        return new HandleRef.Element(name, from, in.spanFrom(name.span()));
    }

    /** A name that is not a reserved word. */
    Name name(String what) {
        Token token = in.peek();
        if (token.is(TokenKind.KEYWORD)) {
            throw in.error(token.span(), "expected " + what + " but found keyword '"
                    + token.text() + "', which is reserved");
        }
        if (!token.is(TokenKind.IDENT)) {
            throw in.unexpected(what);
        }
        in.next();
        return new Name(token.text(), token.span());
    }

    /**
     * Any word, reserved or not, where no statement can start: metric arguments such as
     * {@code blocks(free)}, marks ({@code rss@start}) and option names.
     */
    Name word(String what) {
        Token token = in.peek();
        if (!token.is(TokenKind.IDENT) && !token.is(TokenKind.KEYWORD)) {
            throw in.unexpected(what);
        }
        in.next();
        return new Name(token.text(), token.span());
    }
}
