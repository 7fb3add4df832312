package io.heapscope.scenario;

import io.heapscope.scenario.ast.Script;
import io.heapscope.scenario.check.Checker;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.syntax.Lexer;
import io.heapscope.scenario.syntax.Parser;
import io.heapscope.scenario.syntax.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point for reading scenarios. {@link #parse} and {@link #check} are cheap (no unrolling)
 * and suit an editor re-parsing on every keystroke; {@link ScenarioCompiler} produces the ops.
 * Nothing here throws on bad input: every problem becomes a {@link Diagnostic}.
 */
public final class Scenario {

    private Scenario() {
    }

    /** Lexes and parses {@code text}; {@code fileName} appears in spans and diagnostics. */
    public static ParseResult parse(String fileName, String text) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Token> tokens = Lexer.tokenize(fileName, text, diagnostics);
        Script script = Parser.parse(fileName, tokens, diagnostics);
        diagnostics.sort(Diagnostic.BY_POSITION);
        return new ParseResult(script, diagnostics, tokens);
    }

    /**
     * The semantic problems of a parsed scenario (undeclared threads, handles used before they
     * are allocated, unknown metrics, mismatched units, ...), not repeating its syntax errors.
     */
    public static List<Diagnostic> check(ParseResult parsed) {
        return Checker.check(parsed.script());
    }
}
