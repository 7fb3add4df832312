package io.heapscope.ui.editor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import io.heapscope.scenario.ParseResult;
import io.heapscope.scenario.Scenario;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import io.heapscope.scenario.syntax.Token;
import io.heapscope.scenario.syntax.TokenKind;

/**
 * The editor's view of one version of the text: style classes for every character (token kind,
 * plus an underline where a diagnostic points) and the diagnostics. Computed off the FX thread
 * by {@link #of}; pure data, applied on the FX thread only if the text has not changed since.
 */
record Analysis(String text, StyleSpans<Collection<String>> styles, List<Diagnostic> diagnostics) {

    static Analysis of(String fileName, String text) {
        ParseResult parsed = Scenario.parse(fileName, text);
        List<Diagnostic> diagnostics = new ArrayList<>(parsed.diagnostics());
        if (parsed.ok()) {
            diagnostics.addAll(Scenario.check(parsed));
        }
        diagnostics.sort(Diagnostic.BY_POSITION);
        int[] lineStarts = lineStarts(text);
        String[] tokenClass = new String[text.length()];
        for (Token t : parsed.tokens()) {
            String cls = styleOf(t);
            if (cls == null) {
                continue;
            }
            int from = offset(lineStarts, text.length(), t.span().line(), t.span().column());
            int to = offset(lineStarts, text.length(), t.span().endLine(), t.span().endColumn());
            for (int i = from; i < to; i++) {
                tokenClass[i] = cls;
            }
        }
        String[] problem = new String[text.length()];
        for (Diagnostic d : diagnostics) {
            SourceSpan s = d.span();
            int from = offset(lineStarts, text.length(), s.line(), s.column());
            int to = Math.max(from + 1, offset(lineStarts, text.length(), s.endLine(), s.endColumn()));
            String cls = d.isError() ? "hs-error" : "hs-warning";
            for (int i = from; i < Math.min(to, text.length()); i++) {
                problem[i] = problem[i] == null || cls.equals("hs-error") ? cls : problem[i];
            }
        }
        return new Analysis(text, spans(tokenClass, problem), List.copyOf(diagnostics));
    }

    /** The diagnostic that covers character {@code offset}, or null. */
    Diagnostic diagnosticAt(int offset) {
        int[] starts = lineStarts(text);
        for (Diagnostic d : diagnostics) {
            int from = offset(starts, text.length(), d.span().line(), d.span().column());
            int to = Math.max(from + 1, offset(starts, text.length(), d.span().endLine(), d.span().endColumn()));
            if (offset >= from && offset < to) {
                return d;
            }
        }
        return null;
    }

    static String styleOf(Token t) {
        return switch (t.kind()) {
            case KEYWORD -> "hs-keyword";
            case NUMBER -> "hs-number";
            case STRING -> "hs-string";
            case COMMENT -> "hs-comment";
            case IDENT -> "hs-ident";
            case ERROR -> "hs-bad-char";
            case NEWLINE, EOF -> null;
            default -> t.kind() == TokenKind.COLON ? "hs-thread-colon" : "hs-punct";
        };
    }

    /** Offsets of the first character of every line. */
    static int[] lineStarts(String text) {
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        int[] starts = new int[lines];
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts[line++] = i + 1;
            }
        }
        return starts;
    }

    /** The offset of 1-based (line, column), clamped into the text. */
    static int offset(int[] lineStarts, int length, int line, int column) {
        int l = Math.max(1, Math.min(line, lineStarts.length));
        return Math.max(0, Math.min(length, lineStarts[l - 1] + column - 1));
    }

    private static StyleSpans<Collection<String>> spans(String[] token, String[] problem) {
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        if (token.length == 0) {
            b.add(List.of(), 0);
            return b.create();
        }
        int runStart = 0;
        for (int i = 1; i <= token.length; i++) {
            boolean end = i == token.length
                    || !java.util.Objects.equals(token[i], token[runStart])
                    || !java.util.Objects.equals(problem[i], problem[runStart]);
            if (end) {
                List<String> classes = new ArrayList<>(2);
                if (token[runStart] != null) {
                    classes.add(token[runStart]);
                }
                if (problem[runStart] != null) {
                    classes.add(problem[runStart]);
                }
                b.add(classes, i - runStart);
                runStart = i;
            }
        }
        return b.create();
    }
}
