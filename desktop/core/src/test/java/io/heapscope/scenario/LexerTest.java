package io.heapscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.syntax.Lexer;
import io.heapscope.scenario.syntax.Token;
import io.heapscope.scenario.syntax.TokenKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {

    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private List<Token> lex(String text) {
        return Lexer.tokenize("l.scenario", text, diagnostics);
    }

    private static List<TokenKind> kinds(List<Token> tokens) {
        return tokens.stream().map(Token::kind).toList();
    }

    @Test
    void splitsAStatementIntoTokensWithPositions() {
        List<Token> tokens = lex("main: a = malloc 64KiB # note\n");
        assertEquals(List.of(TokenKind.IDENT, TokenKind.COLON, TokenKind.IDENT, TokenKind.EQUALS,
                TokenKind.KEYWORD, TokenKind.NUMBER, TokenKind.IDENT, TokenKind.COMMENT,
                TokenKind.NEWLINE, TokenKind.EOF), kinds(tokens));
        Token number = tokens.get(5);
        assertEquals("64", number.text());
        assertEquals("l.scenario:1:18-1:20", number.span().toString());
        assertEquals("KiB", tokens.get(6).text());
        assertEquals(20, tokens.get(6).span().column());
        assertEquals("# note", tokens.get(7).text());
        assertEquals(2, tokens.get(9).span().line());
        assertTrue(diagnostics.isEmpty());
    }

    @Test
    void readsNumbersWithSeparatorsAndFractionsButStopsAtRanges() {
        List<Token> tokens = lex("20_000 1.5 0..N");
        assertEquals(List.of("20_000", "1.5", "0", "..", "N", ""),
                tokens.stream().map(Token::text).toList());
        assertEquals(TokenKind.DOTDOT, tokens.get(3).kind());
    }

    @Test
    void readsTwoCharacterOperatorsAndBothCommentStyles() {
        List<Token> tokens = lex("<= >= == != < > = // to the end\n# also\n");
        assertEquals(List.of(TokenKind.LESS_EQUAL, TokenKind.GREATER_EQUAL, TokenKind.EQUAL_EQUAL,
                TokenKind.NOT_EQUAL, TokenKind.LESS, TokenKind.GREATER, TokenKind.EQUALS,
                TokenKind.COMMENT, TokenKind.NEWLINE, TokenKind.COMMENT, TokenKind.NEWLINE,
                TokenKind.EOF), kinds(tokens));
    }

    @Test
    void marksReservedWordsAsKeywordsAndContextualWordsAsNames() {
        List<Token> tokens = lex("free align heap x repeat");
        assertEquals(List.of(TokenKind.KEYWORD, TokenKind.IDENT, TokenKind.IDENT, TokenKind.IDENT,
                TokenKind.KEYWORD, TokenKind.EOF), kinds(tokens));
    }

    @Test
    void decodesStringEscapes() {
        Token string = lex("\"say \\\"hi\\\" \\\\ now\"").getFirst();
        assertEquals(TokenKind.STRING, string.kind());
        assertEquals("say \"hi\" \\ now", string.text());
        assertTrue(diagnostics.isEmpty());
    }

    @Test
    void reportsAnUnterminatedStringAndGoesOnWithTheNextLine() {
        List<Token> tokens = lex("\"open\nmark x");
        assertEquals("l.scenario:1:1: error: expected '\"' to close the string but found end of line",
                diagnostics.getFirst().toString());
        assertEquals(List.of(TokenKind.STRING, TokenKind.NEWLINE, TokenKind.KEYWORD, TokenKind.IDENT,
                TokenKind.EOF), kinds(tokens));
    }

    @Test
    void reportsUnexpectedCharactersWithTheirColumn() {
        List<Token> tokens = lex("a $ b\tµ");
        assertEquals(List.of("l.scenario:1:3: error: unexpected character '$'",
                "l.scenario:1:7: error: unexpected character U+00B5 'µ'"),
                diagnostics.stream().map(Diagnostic::toString).toList());
        assertEquals(TokenKind.ERROR, tokens.get(1).kind());
    }

    @Test
    void ignoresCarriageReturnsSoWindowsFilesHaveTheSameColumns() {
        List<Token> tokens = lex("sleep 1ms\r\nmark m\r\n");
        Token mark = tokens.stream().filter(t -> t.isKeyword("mark")).findFirst().orElseThrow();
        assertEquals(2, mark.span().line());
        assertEquals(1, mark.span().column());
    }

    @Test
    void endsWithAnEmptyEofTokenAfterTheLastLine() {
        Token eof = lex("a\nbc").getLast();
        assertEquals(TokenKind.EOF, eof.kind());
        assertEquals("l.scenario:2:3-2:3", eof.span().toString());
    }
}
