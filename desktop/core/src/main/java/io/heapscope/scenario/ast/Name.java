package io.heapscope.scenario.ast;

import io.heapscope.scenario.source.SourceSpan;

/** A name as written: a thread, handle, heap, loop variable, mark, option or metric word. */
public record Name(String text, SourceSpan span) {
}
