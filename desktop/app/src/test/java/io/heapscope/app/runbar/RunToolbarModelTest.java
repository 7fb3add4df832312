package io.heapscope.app.runbar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.heapscope.app.session.SessionState;
import io.heapscope.app.session.SessionState.Status;

class RunToolbarModelTest {

    private final RunToolbarModel model = new RunToolbarModel();

    private static SessionState at(Status status, long step) {
        return new SessionState(status, step, 1_500_000_000L, 3, "core", "");
    }

    @Test
    void nothingRunsBeforeAScenarioIsLoaded() {
        model.apply(SessionState.notLoaded("no engine"));
        assertFalse(model.canRunProperty().get());
        assertFalse(model.canStepProperty().get());
        assertFalse(model.canStepBackProperty().get());
        assertFalse(model.canResetProperty().get());
        assertTrue(model.canChooseBackendProperty().get());
        assertEquals("Not running: no engine", model.statusTextProperty().get());
    }

    @Test
    void pausedAtTheStartCanRunAndStepButNotGoBack() {
        model.apply(at(Status.PAUSED, 0));
        assertTrue(model.canRunProperty().get());
        assertTrue(model.canStepProperty().get());
        assertFalse(model.canStepBackProperty().get());
        assertFalse(model.canPauseProperty().get());
        assertEquals("Run", model.runLabelProperty().get());
    }

    @Test
    void runningCanOnlyPauseOrReset() {
        model.apply(at(Status.RUNNING, 12));
        assertTrue(model.canPauseProperty().get());
        assertFalse(model.canStepProperty().get());
        assertFalse(model.canStepBackProperty().get());
        assertFalse(model.canChooseBackendProperty().get());
        assertTrue(model.canResetProperty().get());
    }

    @Test
    void aCrashShowsTheLastStepAndAllowsResetAndStepBack() {
        model.apply(at(Status.FAILED, 42).withStatus(Status.FAILED, "SIGSEGV in free"));
        assertEquals("Failed at step 42: SIGSEGV in free", model.statusTextProperty().get());
        assertTrue(model.canResetProperty().get());
        assertTrue(model.canStepBackProperty().get());
        assertFalse(model.canStepProperty().get());
    }

    @Test
    void theSpeedSliderEndsAtFullSpeed() {
        assertEquals("full speed", RunToolbarModel.speedText(RunToolbarModel.FULL_SPEED));
        assertTrue(Double.isInfinite(RunToolbarModel.stepsPerSecond(RunToolbarModel.FULL_SPEED)));
        assertEquals(10, RunToolbarModel.stepsPerSecond(1));
        assertEquals("1000 steps/s", RunToolbarModel.speedText(3));
        assertEquals("1 step/s", RunToolbarModel.speedText(0));
    }

    @Test
    void stepAndVirtualTimeAreShown() {
        model.apply(at(Status.PAUSED, 7));
        assertEquals("step 7", model.stepTextProperty().get());
        assertEquals("t = 1.5 s", model.timeTextProperty().get());
        assertEquals("Continue", model.runLabelProperty().get());
        assertEquals("50 ms", RunToolbarModel.formatTime(50_000_000L));
        assertEquals("0 ms", RunToolbarModel.formatTime(0));
    }

    @Test
    void theStepCounterShowsTheLoopVariablesOfTheNextStatement() {
        model.apply(new SessionState(Status.PAUSED, 42, 0, 14, "core", "", "i = 17"));
        assertEquals("step 42   i = 17", model.stepTextProperty().get());
        model.apply(at(Status.PAUSED, 43));
        assertEquals("step 43", model.stepTextProperty().get());
    }

    @Test
    void atTheStartTheStatusSaysHowToGoOn() {
        model.apply(at(Status.PAUSED, 0));
        assertTrue(model.statusTextProperty().get().contains("F10 steps, F5 runs"), model.statusTextProperty().get());
        model.apply(at(Status.PAUSED, 1));
        assertEquals("Paused", model.statusTextProperty().get(), "once stepping, the hint gives way");
    }
}
