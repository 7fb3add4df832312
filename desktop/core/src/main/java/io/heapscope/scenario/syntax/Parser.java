package io.heapscope.scenario.syntax;

import io.heapscope.scenario.ast.Script;
import io.heapscope.scenario.ast.Statement;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for scenarios. Statements end at a newline, a {@code ;} or a closing
 * brace. When a statement cannot be read, the parser records one diagnostic, skips to the end of
 * that statement (parsing any block it meets, so errors inside it are reported too) and goes on
 * with the next, so one run reports every broken statement. It never throws.
 */
public final class Parser {

    /** Deepest nesting of loop blocks. */
    static final int MAX_BLOCK_DEPTH = 32;

    private final String file;
    private final TokenStream in;
    private final ExpressionParser expressions;
    private final StatementParser statements;
    private final List<Diagnostic> diagnostics;
    private int blockDepth;

    private Parser(String file, List<Token> tokens, List<Diagnostic> diagnostics) {
        this.file = file;
        this.in = new TokenStream(tokens);
        this.expressions = new ExpressionParser(in);
        this.statements = new StatementParser(in, expressions, this::block, diagnostics);
        this.diagnostics = diagnostics;
    }

    /** Parses {@code tokens} (from {@link Lexer}); problems are added to {@code diagnostics}. */
    public static Script parse(String file, List<Token> tokens, List<Diagnostic> diagnostics) {
        return new Parser(file, tokens, diagnostics).script();
    }

    private Script script() {
        SourceSpan start = in.peek().span();
        List<Statement> body = statementList(true);
        SourceSpan end = in.peek().span();
        return new Script(file, body, start.to(end));
    }

    private List<Statement> statementList(boolean topLevel) {
        List<Statement> result = new ArrayList<>();
        while (true) {
            skipSeparators();
            if (in.at(TokenKind.EOF)) {
                return result;
            }
            if (in.at(TokenKind.RBRACE)) {
                if (!topLevel) {
                    return result;
                }
                diagnostics.add(Diagnostic.error(in.next().span(),
                        "expected a statement but found '}', which closes no block"));
                continue;
            }
            try {
                Statement statement = statements.statement();
                endOfStatement();
                result.add(statement);
            } catch (ParseError e) {
                diagnostics.add(e.diagnostic());
                recover();
            }
        }
    }

    /** Reads {@code { statements }}, allowing the brace on the next line. */
    private List<Statement> block() {
        while (in.at(TokenKind.NEWLINE)) {
            in.next();
        }
        Token open = in.expect(TokenKind.LBRACE, "'{'");
        if (blockDepth >= MAX_BLOCK_DEPTH) {
            throw in.error(open.span(),
                    "loops are nested too deeply (more than " + MAX_BLOCK_DEPTH + " levels)");
        }
        List<Statement> body = nestedStatements();
        if (!in.at(TokenKind.RBRACE)) {
            throw in.error(in.peek().span(), "expected '}' to close the block opened at "
                    + open.span().lineColumn() + " but found " + in.peek().describe());
        }
        in.next();
        return body;
    }

    private List<Statement> nestedStatements() {
        blockDepth++;
        try {
            return statementList(false);
        } finally {
            blockDepth--;
        }
    }

    private void endOfStatement() {
        if (in.at(TokenKind.NEWLINE) || in.at(TokenKind.SEMICOLON)) {
            in.next();
        } else if (!in.at(TokenKind.RBRACE) && !in.at(TokenKind.EOF)) {
            throw in.unexpected("end of line");
        }
    }

    private void skipSeparators() {
        while (in.at(TokenKind.NEWLINE) || in.at(TokenKind.SEMICOLON)) {
            in.next();
        }
    }

    /**
     * Skips the rest of a broken statement. A block on the way is still parsed (and thrown
     * away) so that mistakes inside it are reported; a closing brace that belongs to an
     * enclosing block is left for it.
     */
    private void recover() {
        while (!in.atStatementEnd()) {
            if (in.at(TokenKind.LBRACE)) {
                skipBlock();
            } else {
                in.next();
            }
        }
    }

    private void skipBlock() {
        in.next();
        if (blockDepth >= MAX_BLOCK_DEPTH) {
            skipBalanced();
        } else {
            nestedStatements();
        }
        if (in.at(TokenKind.RBRACE)) {
            in.next();
        }
    }

    /** Skips to the brace matching one just consumed, without recursion. */
    private void skipBalanced() {
        int open = 1;
        while (!in.at(TokenKind.EOF)) {
            if (in.at(TokenKind.LBRACE)) {
                open++;
            } else if (in.at(TokenKind.RBRACE) && --open == 0) {
                return;
            }
            in.next();
        }
    }

    /** Gives the statement parser a way to read a loop body. */
    @FunctionalInterface
    interface BlockReader {
        List<Statement> read();
    }
}
