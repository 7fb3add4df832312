package io.heapscope.app.runbar;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import io.heapscope.app.session.SessionState;
import io.heapscope.app.session.SessionState.Status;

/**
 * Which run commands make sense now, and the step counter, virtual time and status as text,
 * derived from the latest {@link SessionState}. Tested without a stage.
 */
final class RunToolbarModel {

    private final BooleanProperty canRun = new SimpleBooleanProperty(this, "canRun");
    private final BooleanProperty canPause = new SimpleBooleanProperty(this, "canPause");
    private final BooleanProperty canStep = new SimpleBooleanProperty(this, "canStep");
    private final BooleanProperty canStepBack = new SimpleBooleanProperty(this, "canStepBack");
    private final BooleanProperty canReset = new SimpleBooleanProperty(this, "canReset");
    private final BooleanProperty canChooseBackend = new SimpleBooleanProperty(this, "canChooseBackend");
    private final StringProperty runLabel = new SimpleStringProperty(this, "runLabel", "Run");
    private final StringProperty stepText = new SimpleStringProperty(this, "stepText", "step 0");
    private final StringProperty timeText = new SimpleStringProperty(this, "timeText", "t = 0 ms");
    private final StringProperty statusText = new SimpleStringProperty(this, "statusText", "");
    private SessionState state = SessionState.notLoaded("");

    void apply(SessionState s) {
        state = s;
        Status st = s.status();
        boolean idle = st == Status.PAUSED;
        canRun.set(idle || (s.textChanged() && !s.busy()));   /* Run on changed text runs the new text */
        canPause.set(st == Status.RUNNING);
        canStep.set(idle);
        canStepBack.set((idle || st == Status.FINISHED || st == Status.FAILED) && s.step() > 0);
        canReset.set(st == Status.PAUSED || st == Status.RUNNING || st == Status.FINISHED || st == Status.FAILED);
        canChooseBackend.set(!s.busy());
        runLabel.set(s.step() > 0 ? "Continue" : "Run");
        stepText.set("step " + s.step() + (s.loopVariables().isEmpty() ? "" : "   " + s.loopVariables()));
        timeText.set("t = " + formatTime(s.virtualTimeNanos()));
        statusText.set(describe(s));
    }

    SessionState state() {
        return state;
    }

    /** The slider's top position: full speed. Below it, 10^value steps per second. */
    static final double FULL_SPEED = 3.2;

    static double stepsPerSecond(double slider) {
        return slider >= FULL_SPEED - 0.05 ? Double.POSITIVE_INFINITY : Math.max(1, Math.round(Math.pow(10, slider)));
    }

    static String speedText(double slider) {
        double perSecond = stepsPerSecond(slider);
        return Double.isInfinite(perSecond) ? "full speed" : (long) perSecond + (perSecond == 1 ? " step/s" : " steps/s");
    }

    /** What the status says at the start of a run: how to go on. */
    static final String FIRST_STEPS = "Ready at the start: F10 steps, F5 runs, Shift+F10 steps back, F9 sets a breakpoint";

    static String formatTime(long nanos) {
        return io.heapscope.ui.theme.VirtualTime.format(nanos);
    }

    static String describe(SessionState s) {
        String what = switch (s.status()) {
            case NOT_LOADED -> "Not running";
            case LOADING -> "Loading…";
            case PAUSED -> "Paused";
            case RUNNING -> "Running";
            case FINISHED -> "Finished";
            case INVALID -> "Does not compile";
            case FAILED -> "Failed at step " + s.step();
        };
        if (s.status() == Status.PAUSED && s.step() == 0 && s.message().isEmpty()) {
            return FIRST_STEPS;   /* the first thing a newcomer sees says how to start */
        }
        return s.message().isEmpty() ? what : what + ": " + s.message();
    }

    ReadOnlyBooleanProperty canRunProperty() {
        return canRun;
    }

    ReadOnlyBooleanProperty canPauseProperty() {
        return canPause;
    }

    ReadOnlyBooleanProperty canStepProperty() {
        return canStep;
    }

    ReadOnlyBooleanProperty canStepBackProperty() {
        return canStepBack;
    }

    ReadOnlyBooleanProperty canResetProperty() {
        return canReset;
    }

    ReadOnlyBooleanProperty canChooseBackendProperty() {
        return canChooseBackend;
    }

    ReadOnlyStringProperty runLabelProperty() {
        return runLabel;
    }

    ReadOnlyStringProperty stepTextProperty() {
        return stepText;
    }

    ReadOnlyStringProperty timeTextProperty() {
        return timeText;
    }

    ReadOnlyStringProperty statusTextProperty() {
        return statusText;
    }
}
