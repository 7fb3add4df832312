package io.heapscope.scenario.syntax;

/** What a token is. Punctuation kinds carry their symbol for messages and the printer. */
public enum TokenKind {
    IDENT(null),
    KEYWORD(null),
    NUMBER(null),
    STRING(null),
    COMMENT(null),
    NEWLINE(null),
    SEMICOLON(";"),
    COLON(":"),
    COMMA(","),
    EQUALS("="),
    LBRACE("{"),
    RBRACE("}"),
    LBRACKET("["),
    RBRACKET("]"),
    LPAREN("("),
    RPAREN(")"),
    DOTDOT(".."),
    AT("@"),
    PLUS("+"),
    MINUS("-"),
    STAR("*"),
    SLASH("/"),
    PERCENT("%"),
    LESS("<"),
    LESS_EQUAL("<="),
    GREATER(">"),
    GREATER_EQUAL(">="),
    EQUAL_EQUAL("=="),
    NOT_EQUAL("!="),
    /** A character the language does not use; the lexer has already reported it. */
    ERROR(null),
    EOF(null);

    private final String symbol;

    TokenKind(String symbol) {
        this.symbol = symbol;
    }

    /** The fixed text of a punctuation token, or null for tokens whose text varies. */
    public String symbol() {
        return symbol;
    }

    /** How this kind reads in "expected X" messages. */
    public String expected() {
        return switch (this) {
            case IDENT -> "a name";
            case KEYWORD -> "a keyword";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case COMMENT -> "a comment";
            case NEWLINE -> "end of line";
            case ERROR -> "a valid character";
            case EOF -> "end of file";
            default -> "'" + symbol + "'";
        };
    }
}
