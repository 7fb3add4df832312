package io.heapscope.ui.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.fxmisc.richtext.model.StyleSpan;
import org.junit.jupiter.api.Test;

class EditorModelTest {

    private final EditorModel model = new EditorModel();

    @Test
    void breakpointsToggleAndFollowDeletedLines() {
        model.toggleBreakpoint(3);
        model.toggleBreakpoint(9);
        model.toggleBreakpoint(3);
        assertEquals(Set.of(9), model.breakpointLines());
        model.clampBreakpoints(5);
        assertTrue(model.breakpoints().isEmpty());
        model.toggleBreakpoint(0);
        assertTrue(model.breakpoints().isEmpty(), "no line 0");
    }

    @Test
    void highlightingMarksKeywordsNumbersAndComments() {
        String text = "thread main\nmain: a = malloc 64 B # one block\n";
        Analysis a = Analysis.of("t.scenario", text);
        assertTrue(a.diagnostics().isEmpty(), a.diagnostics().toString());
        assertEquals(text.length(), a.styles().length());
        assertEquals(List.of("hs-keyword"), styleAt(a, text.indexOf("thread")));
        assertEquals(List.of("hs-keyword"), styleAt(a, text.indexOf("malloc")));
        assertEquals(List.of("hs-number"), styleAt(a, text.indexOf("64")));
        assertEquals(List.of("hs-comment"), styleAt(a, text.indexOf("one block")));
    }

    @Test
    void diagnosticsAreUnderlinedAndFoundByOffset() {
        String text = "thread main\nmain: free nothing\n";
        Analysis a = Analysis.of("t.scenario", text);
        assertFalse(a.diagnostics().isEmpty(), "using a handle never allocated is an error");
        int at = text.indexOf("nothing");
        assertTrue(styleAt(a, at).contains("hs-error"), styleAt(a, at).toString());
        assertNotNull(a.diagnosticAt(at));
        assertNull(a.diagnosticAt(0));
    }

    @Test
    void staleAnalysesAreDropped() {
        Analysis old = Analysis.of("t.scenario", "thread main\nmain: free x\n");
        assertFalse(model.accept(old, "thread main\n"));
        assertTrue(model.diagnostics().isEmpty());
        assertTrue(model.accept(old, old.text()));
        assertFalse(model.diagnostics().isEmpty());
    }

    @Test
    void offsetsMapLinesAndColumns() {
        int[] starts = Analysis.lineStarts("ab\ncd\n");
        assertEquals(3, starts.length);
        assertEquals(4, Analysis.offset(starts, 6, 2, 2));
        assertEquals(6, Analysis.offset(starts, 6, 9, 1), "clamped to the end");
    }

    private static List<String> styleAt(Analysis a, int offset) {
        int at = 0;
        for (StyleSpan<Collection<String>> span : a.styles()) {
            if (offset < at + span.getLength()) {
                return List.copyOf(span.getStyle());
            }
            at += span.getLength();
        }
        return List.of();
    }
}
