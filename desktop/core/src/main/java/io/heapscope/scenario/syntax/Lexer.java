package io.heapscope.scenario.syntax;

import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits scenario text into tokens. Never fails: a character the language does not use becomes
 * an {@link TokenKind#ERROR} token plus a diagnostic, and lexing goes on. Newlines are tokens
 * because they end statements; {@code \r} is ignored so CRLF files work.
 */
public final class Lexer {

    private final String file;
    private final String text;
    private final List<Diagnostic> diagnostics;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int column = 1;

    private Lexer(String file, String text, List<Diagnostic> diagnostics) {
        this.file = file;
        this.text = text;
        this.diagnostics = diagnostics;
    }

    /** All tokens, ending with one EOF token; problems go to {@code diagnostics}. */
    public static List<Token> tokenize(String file, String text, List<Diagnostic> diagnostics) {
        Lexer lexer = new Lexer(file, text, diagnostics);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                emit(TokenKind.NEWLINE, 1);
                line++;
                column = 1;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                advance(1);
            } else if (c == '#' || (c == '/' && peek(1) == '/')) {
                emit(TokenKind.COMMENT, restOfLine());
            } else if (isDigit(c)) {
                number();
            } else if (isNameStart(c)) {
                name();
            } else if (c == '"') {
                string();
            } else {
                punctuation(c);
            }
        }
        SourceSpan end = new SourceSpan(file, line, column, line, column);
        tokens.add(new Token(TokenKind.EOF, "", end));
    }

    private void number() {
        int length = 0;
        while (isDigit(peek(length)) || peek(length) == '_') {
            length++;
        }
        if (peek(length) == '.' && isDigit(peek(length + 1))) {
            length++;
            while (isDigit(peek(length)) || peek(length) == '_') {
                length++;
            }
        }
        emit(TokenKind.NUMBER, length);
    }

    private void name() {
        int length = 1;
        while (isNamePart(peek(length))) {
            length++;
        }
        String word = text.substring(pos, pos + length);
        emit(Keywords.isReserved(word) ? TokenKind.KEYWORD : TokenKind.IDENT, length);
    }

    private void string() {
        StringBuilder content = new StringBuilder();
        int length = 1;
        boolean closed = false;
        while (pos + length < text.length()) {
            char c = text.charAt(pos + length);
            if (c == '\n') {
                break;
            }
            length++;
            if (c == '"') {
                closed = true;
                break;
            }
            if (c == '\\' && pos + length < text.length()) {
                char escaped = text.charAt(pos + length);
                length++;
                content.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> escaped;
                });
            } else {
                content.append(c);
            }
        }
        SourceSpan span = span(length);
        tokens.add(new Token(TokenKind.STRING, content.toString(), span));
        advance(length);
        if (!closed) {
            diagnostics.add(Diagnostic.error(span,
                    "expected '\"' to close the string but found end of line"));
        }
    }

    private void punctuation(char c) {
        char next = peek(1);
        switch (c) {
            case '.' -> {
                if (next == '.') {
                    emit(TokenKind.DOTDOT, 2);
                } else {
                    error(1, "unexpected '.'; ranges are written 'a..b'");
                }
            }
            case '<' -> orEqual(next, TokenKind.LESS, TokenKind.LESS_EQUAL);
            case '>' -> orEqual(next, TokenKind.GREATER, TokenKind.GREATER_EQUAL);
            case '=' -> orEqual(next, TokenKind.EQUALS, TokenKind.EQUAL_EQUAL);
            case '!' -> {
                if (next == '=') {
                    emit(TokenKind.NOT_EQUAL, 2);
                } else {
                    error(1, "unexpected '!'; 'not equal' is written '!='");
                }
            }
            case ';' -> emit(TokenKind.SEMICOLON, 1);
            case ':' -> emit(TokenKind.COLON, 1);
            case ',' -> emit(TokenKind.COMMA, 1);
            case '{' -> emit(TokenKind.LBRACE, 1);
            case '}' -> emit(TokenKind.RBRACE, 1);
            case '[' -> emit(TokenKind.LBRACKET, 1);
            case ']' -> emit(TokenKind.RBRACKET, 1);
            case '(' -> emit(TokenKind.LPAREN, 1);
            case ')' -> emit(TokenKind.RPAREN, 1);
            case '@' -> emit(TokenKind.AT, 1);
            case '+' -> emit(TokenKind.PLUS, 1);
            case '-' -> emit(TokenKind.MINUS, 1);
            case '*' -> emit(TokenKind.STAR, 1);
            case '/' -> emit(TokenKind.SLASH, 1);
            case '%' -> emit(TokenKind.PERCENT, 1);
            default -> {
                int length = Character.isHighSurrogate(c) && Character.isLowSurrogate(next) ? 2 : 1;
                error(length, "unexpected character " + describe(text.codePointAt(pos)));
            }
        }
    }

    /** A one-character token, or the two-character one when the next character is '='. */
    private void orEqual(char next, TokenKind single, TokenKind withEqual) {
        if (next == '=') {
            emit(withEqual, 2);
        } else {
            emit(single, 1);
        }
    }

    private void error(int length, String message) {
        Token token = emit(TokenKind.ERROR, length);
        diagnostics.add(Diagnostic.error(token.span(), message));
    }

    private Token emit(TokenKind kind, int length) {
        Token token = new Token(kind, text.substring(pos, pos + length), span(length));
        tokens.add(token);
        advance(length);
        return token;
    }

    private SourceSpan span(int length) {
        return new SourceSpan(file, line, column, line, column + length);
    }

    private void advance(int length) {
        pos += length;
        column += length;
    }

    private int restOfLine() {
        int end = text.indexOf('\n', pos);
        return (end < 0 ? text.length() : end) - pos;
    }

    private char peek(int offset) {
        int at = pos + offset;
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private static String describe(int codePoint) {
        if (codePoint >= 0x21 && codePoint < 0x7f) {
            return "'" + Character.toString(codePoint) + "'";
        }
        String printable = Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
                ? "" : " '" + Character.toString(codePoint) + "'";
        return String.format("U+%04X%s", codePoint, printable);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || isDigit(c);
    }
}
