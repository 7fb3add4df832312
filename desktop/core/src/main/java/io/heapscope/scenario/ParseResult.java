package io.heapscope.scenario;

import io.heapscope.scenario.ast.Script;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.syntax.Token;
import java.util.List;

/**
 * What {@link Scenario#parse} returns: the syntax tree (holding every statement that could be
 * read), the syntax errors, and all tokens including comments, for an editor's highlighting.
 */
public record ParseResult(Script script, List<Diagnostic> diagnostics, List<Token> tokens) {

    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
        tokens = List.copyOf(tokens);
    }

    /** True when the text has no syntax error. */
    public boolean ok() {
        return diagnostics.stream().noneMatch(Diagnostic::isError);
    }
}
