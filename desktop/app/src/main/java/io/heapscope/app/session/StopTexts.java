package io.heapscope.app.session;

import io.heapscope.engine.EngineView;
import io.heapscope.engine.StepOutcome;

/** The status bar's words for why a command stopped where it did. */
final class StopTexts {

    private StopTexts() {
    }

    static String describe(EngineView v) {
        if (v.status() != EngineView.Status.PAUSED && v.status() != EngineView.Status.FINISHED) {
            return v.message();
        }
        if (v.outcome().isEmpty()) {
            return v.message();
        }
        StepOutcome o = v.outcome().get();
        return switch (o.reason()) {
            case LINE_BREAKPOINT -> "breakpoint on " + o.detail();
            case EVENT_BREAKPOINT -> "stopped after a " + o.detail() + " event";
            case EXPECT_FAILED -> "expect failed: " + o.detail();
            case REACHED_LINE -> "reached " + o.detail();
            case PAUSED -> "paused at step " + o.position().step();
            case END -> "ran to the end";
            case DONE, FAILED -> o.detail();
        };
    }
}
