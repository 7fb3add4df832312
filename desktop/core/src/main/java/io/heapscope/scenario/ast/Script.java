package io.heapscope.scenario.ast;

import io.heapscope.scenario.source.SourceSpan;
import java.util.List;

/** A whole scenario file: its top-level statements in order. */
public record Script(String fileName, List<Statement> statements, SourceSpan span) {

    public Script {
        statements = List.copyOf(statements);
    }
}
