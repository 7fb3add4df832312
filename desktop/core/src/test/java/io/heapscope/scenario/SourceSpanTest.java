package io.heapscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceSpanTest {

    private final SourceSpan loop = new SourceSpan("s.scenario", 2, 1, 5, 2);

    @Test
    void containsItsStartButNotItsEnd() {
        assertTrue(loop.contains(2, 1));
        assertTrue(loop.contains(3, 80));
        assertTrue(loop.contains(5, 1));
        assertFalse(loop.contains(5, 2));
        assertFalse(loop.contains(1, 9));
    }

    @Test
    void joinsSpansAndRejectsBackwardOnes() {
        SourceSpan a = new SourceSpan("s.scenario", 1, 3, 1, 5);
        SourceSpan b = new SourceSpan("s.scenario", 2, 1, 2, 4);
        assertEquals("s.scenario:1:3-2:4", a.to(b).toString());
        assertThrows(IllegalArgumentException.class,
                () -> new SourceSpan("s.scenario", 3, 5, 3, 4));
    }

    @Test
    void diagnosticsPrintLikeACompilerAndSortByPosition() {
        List<Diagnostic> diagnostics = new ArrayList<>(List.of(
                Diagnostic.warning(new SourceSpan("s.scenario", 4, 2, 4, 3), "later"),
                Diagnostic.error(loop, "expected '}' but found end of file")));
        diagnostics.sort(Diagnostic.BY_POSITION);
        assertEquals(List.of("s.scenario:2:1: error: expected '}' but found end of file",
                "s.scenario:4:2: warning: later"),
                diagnostics.stream().map(Diagnostic::toString).toList());
    }
}
