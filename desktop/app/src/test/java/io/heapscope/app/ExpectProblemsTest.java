package io.heapscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.heapscope.engine.ExpectResult;
import io.heapscope.engine.ExpectResult.Outcome;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import io.heapscope.ui.editor.ExpectMark;

class ExpectProblemsTest {

    private static ExpectResult at(int line, long step, Outcome outcome) {
        return new ExpectResult(line * 10, step, new SourceSpan("c.scenario", line, 1, line, 20), "pending(main) >= 16",
                outcome == Outcome.FAILED ? "stranded" : "", outcome, outcome == Outcome.UNMEASURABLE ? Double.NaN : 4,
                outcome == Outcome.UNMEASURABLE ? Double.NaN : 16, outcome == Outcome.UNMEASURABLE ? "no pages here" : "");
    }

    @Test
    void aLineFailsIfAnyOfItsChecksFailed() {
        Map<Integer, ExpectMark> marks = ExpectProblems.marks(List.of(at(5, 1, Outcome.PASSED),
                at(5, 2, Outcome.FAILED), at(5, 3, Outcome.PASSED), at(9, 4, Outcome.PASSED)));
        assertFalse(marks.get(5).passed());
        assertTrue(marks.get(5).text().contains("at step 2"), marks.get(5).text());
        assertTrue(marks.get(9).passed());
    }

    @Test
    void aLineTheBackendCannotMeasureIsAWarningMarkUnlessACheckFailed() {
        Map<Integer, ExpectMark> marks = ExpectProblems.marks(List.of(at(5, 1, Outcome.PASSED),
                at(5, 2, Outcome.UNMEASURABLE), at(7, 3, Outcome.UNMEASURABLE), at(7, 4, Outcome.FAILED),
                at(7, 5, Outcome.UNMEASURABLE)));
        assertEquals(ExpectMark.Result.UNMEASURED, marks.get(5).result());
        assertFalse(marks.get(5).passed());
        assertTrue(marks.get(5).text().contains("could not be measured"), marks.get(5).text());
        assertEquals(ExpectMark.Result.FAILED, marks.get(7).result(), "a failed check outranks an unmeasured one");
        assertTrue(marks.get(7).text().contains("at step 4"), marks.get(7).text());
    }

    @Test
    void failuresBecomeProblemsAtTheirLineWithTheMessage() {
        List<Diagnostic> d = ExpectProblems.diagnostics(List.of(at(5, 1, Outcome.PASSED), at(7, 2, Outcome.FAILED),
                at(7, 3, Outcome.FAILED), at(8, 4, Outcome.UNMEASURABLE)));
        assertEquals(2, d.size(), "one per line");
        assertEquals(7, d.get(0).span().line());
        assertTrue(d.get(0).isError());
        assertEquals("expect failed at step 2: pending(main) >= 16 (4 vs 16): stranded", d.get(0).message());
        assertFalse(d.get(1).isError(), "unmeasurable is a warning");
        assertTrue(d.get(1).message().contains("no pages here"));
    }
}
