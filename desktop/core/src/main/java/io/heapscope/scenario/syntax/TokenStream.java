package io.heapscope.scenario.syntax;

import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import java.util.List;

/**
 * The parser's view of the tokens: comments and already-reported bad characters are dropped,
 * and reading past the end keeps returning the EOF token.
 */
final class TokenStream {

    private final List<Token> tokens;
    private int pos;

    TokenStream(List<Token> all) {
        this.tokens = all.stream()
                .filter(t -> t.kind() != TokenKind.COMMENT && t.kind() != TokenKind.ERROR)
                .toList();
    }

    Token peek() {
        return tokens.get(pos);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        Token token = tokens.get(pos);
        if (pos < tokens.size() - 1) {
            pos++;
        }
        return token;
    }

    /** The token just consumed (the first token if none was). */
    Token previous() {
        return tokens.get(Math.max(0, pos - 1));
    }

    boolean at(TokenKind kind) {
        return peek().is(kind);
    }

    boolean atWord(String word) {
        return peek().isWord(word);
    }

    /** True at a token that ends a statement without belonging to it. */
    boolean atStatementEnd() {
        TokenKind kind = peek().kind();
        return kind == TokenKind.NEWLINE || kind == TokenKind.SEMICOLON
                || kind == TokenKind.RBRACE || kind == TokenKind.EOF;
    }

    Token expect(TokenKind kind, String what) {
        if (!at(kind)) {
            throw unexpected(what);
        }
        return next();
    }

    /** An error "expected {@code what} but found {current token}" at the current token. */
    ParseError unexpected(String what) {
        return error(peek().span(), "expected " + what + " but found " + peek().describe());
    }

    ParseError error(SourceSpan span, String message) {
        return new ParseError(Diagnostic.error(span, message));
    }

    /** The span from {@code start} to the end of the last consumed token. */
    SourceSpan spanFrom(SourceSpan start) {
        SourceSpan end = previous().span();
        boolean endsBefore = end.endLine() < start.line()
                || (end.endLine() == start.line() && end.endColumn() < start.column());
        return endsBefore ? start : start.to(end);
    }
}
