package io.heapscope.scenario.source;

import java.util.Objects;

/**
 * A stretch of scenario text. Lines and columns are 1-based; {@code endLine:endColumn} is the
 * position just past the last character, so a one-character token at 3:5 spans 3:5–3:6 and an
 * empty span (end of file) has its end equal to its start. Columns count UTF-16 characters; a tab
 * counts as one column.
 */
public record SourceSpan(String file, int line, int column, int endLine, int endColumn) {

    public SourceSpan {
        Objects.requireNonNull(file, "file");
        if (line < 1 || column < 1 || endLine < line || (endLine == line && endColumn < column)) {
            throw new IllegalArgumentException(
                    "bad span " + line + ":" + column + "-" + endLine + ":" + endColumn);
        }
    }

    /** The span from the start of this one to the end of {@code last}. */
    public SourceSpan to(SourceSpan last) {
        return new SourceSpan(file, line, column, last.endLine, last.endColumn);
    }

    /** True when {@code line:column} lies inside this span (start inclusive, end exclusive). */
    public boolean contains(int atLine, int atColumn) {
        boolean afterStart = atLine > line || (atLine == line && atColumn >= column);
        boolean beforeEnd = atLine < endLine || (atLine == endLine && atColumn < endColumn);
        return afterStart && beforeEnd;
    }

    /** {@code file:line:column}, the prefix of a diagnostic. */
    public String position() {
        return file + ":" + line + ":" + column;
    }

    /** {@code line:column}, for messages that point elsewhere in the same file. */
    public String lineColumn() {
        return line + ":" + column;
    }

    @Override
    public String toString() {
        return position() + "-" + endLine + ":" + endColumn;
    }
}
