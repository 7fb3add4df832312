package io.heapscope.scenario.syntax;

import io.heapscope.scenario.source.SourceSpan;

/**
 * A token with its place in the text. {@code text} is the lexeme as written, except for
 * {@link TokenKind#STRING}, where it is the string's content with escapes decoded. Comments are
 * tokens too, so an editor can colour the whole file from the token list.
 */
public record Token(TokenKind kind, String text, SourceSpan span) {

    public boolean is(TokenKind k) {
        return kind == k;
    }

    public boolean isKeyword(String word) {
        return kind == TokenKind.KEYWORD && text.equals(word);
    }

    /** An identifier with exactly this text: the contextual words x, align, in, as, heap, force. */
    public boolean isWord(String word) {
        return kind == TokenKind.IDENT && text.equals(word);
    }

    /** How this token reads in "but found Y" messages. */
    public String describe() {
        return switch (kind) {
            case IDENT -> "'" + shorten(text) + "'";
            case KEYWORD -> "keyword '" + text + "'";
            case NUMBER -> "number " + shorten(text);
            case STRING -> "a string";
            case ERROR -> "'" + shorten(text) + "'";
            default -> kind.expected();
        };
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
