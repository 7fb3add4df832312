package io.heapscope.app.runbar;

import java.util.List;
import java.util.function.IntSupplier;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;

import io.heapscope.app.session.SessionControls;
import io.heapscope.engine.BreakEvent;
import io.heapscope.ui.fx.FxDoor;

/**
 * Run controls as debuggers have them: run/continue (F5), pause (F6), step (F10), step over a
 * loop (Ctrl+F10), step back (Shift+F10), run to cursor (Alt+F9), reset (Ctrl+Shift+F5); a speed
 * control; breaking on allocator events; the step counter and virtual time; the backend chooser. The same commands, with the
 * same shortcuts and enablement, are offered as menu items by {@link #menuItems()}.
 */
public final class RunToolbar extends ToolBar {

    /** One command: label, what it does, shortcut, when it is enabled, and the action. */
    private record Command(String id, String label, String tooltip, KeyCombination key,
                           ObservableBooleanValue enabled, Runnable action) {
    }

    private final RunToolbarModel model = new RunToolbarModel();
    private final List<Command> commands;
    private final AutoCloseable subscription;

    public RunToolbar(SessionControls session, FxDoor door, IntSupplier cursorLine) {
        getStyleClass().add("hs-run-toolbar");
        getStylesheets().add(RunToolbar.class.getResource("run-toolbar.css").toExternalForm());
        commands = List.of(
                new Command("run", "Run", "Run until a breakpoint or the end; continue when paused (F5)",
                        new KeyCodeCombination(KeyCode.F5), model.canRunProperty(), session::runOrContinue),
                new Command("pause", "Pause", "Stop running after the current step (F6)",
                        new KeyCodeCombination(KeyCode.F6), model.canPauseProperty(), session::pause),
                new Command("step", "Step", "Run one statement (F10)",
                        new KeyCodeCombination(KeyCode.F10), model.canStepProperty(), session::step),
                new Command("step-over", "Step over loop", "Run the current loop to its end (Ctrl+F10)",
                        new KeyCodeCombination(KeyCode.F10, KeyCombination.SHORTCUT_DOWN), model.canStepProperty(),
                        session::stepOverLoop),
                new Command("step-back", "Step back", "Go back one step, by replaying from the start (Shift+F10)",
                        new KeyCodeCombination(KeyCode.F10, KeyCombination.SHIFT_DOWN), model.canStepBackProperty(),
                        session::stepBack),
                new Command("run-to-cursor", "Run to cursor", "Run until the statement on the caret's line (Alt+F9)",
                        new KeyCodeCombination(KeyCode.F9, KeyCombination.ALT_DOWN), model.canRunProperty(),
                        () -> session.runToLine(cursorLine.getAsInt())),
                new Command("reset", "Reset", "Back to step 0 with a fresh agent; also recovers from a crash (Ctrl+Shift+F5)",
                        new KeyCodeCombination(KeyCode.F5, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                        model.canResetProperty(), session::reset));
        for (Command c : commands) {
            Button b = new Button(c.label());
            b.setId("run-" + c.id());
            b.setTooltip(new Tooltip(c.tooltip()));
            b.disableProperty().bind(Bindings.not(c.enabled()));
            b.setOnAction(e -> c.action().run());
            b.setFocusTraversable(false);
            if (c.id().equals("run")) {
                b.textProperty().bind(model.runLabelProperty());
            }
            getItems().add(b);
        }
        getItems().addAll(new Separator(), breakOn(session), new Separator(), speed(session), new Separator(),
                backend(session), new Separator());
        Label step = label("hs-step-counter", model.stepTextProperty(),
                "Statements executed so far, and the loop variables of the statement about to run");
        Label time = label("hs-virtual-time", model.timeTextProperty(),
                "The scenario's virtual clock: it advances only on sleep, so purge delays replay the same way");
        getItems().addAll(step, time);
        subscription = session.subscribe(door.latest(model::apply)::publish);
    }

    /** The session's status in words ("Paused", "Agent crashed at step 12: ..."), for a status bar. */
    public ObservableStringValue statusText() {
        return model.statusTextProperty();
    }

    /** The run commands as menu items, with their shortcuts, enabled like the buttons. */
    public List<MenuItem> menuItems() {
        return commands.stream().map(c -> {
            MenuItem item = new MenuItem(c.label());
            item.setId("menu-" + c.id());
            item.setAccelerator(c.key());
            item.disableProperty().bind(Bindings.not(c.enabled()));
            item.setOnAction(e -> c.action().run());
            return item;
        }).toList();
    }

    /** Stops listening to the session. */
    public void dispose() {
        try {
            subscription.close();
        } catch (Exception ignored) {
            // closing a listener cannot fail in a way the window could act on
        }
    }

    private ChoiceBox<String> backend(SessionControls session) {
        ChoiceBox<String> box = new ChoiceBox<>();
        box.setId("run-backend");
        box.getItems().setAll(session.backends());
        box.setValue(session.state().backend());
        box.setTooltip(new Tooltip("The allocator the scenario runs on: Heapscope's core (every free list "
                + "visible), or an installed system allocator (RSS and its own statistics only)"));
        box.disableProperty().bind(Bindings.not(model.canChooseBackendProperty()));
        box.valueProperty().addListener((o, a, now) -> {
            if (now != null) {
                session.setBackend(now);
            }
        });
        return box;
    }

    private Node speed(SessionControls session) {
        Slider slider = new Slider(0, RunToolbarModel.FULL_SPEED, RunToolbarModel.FULL_SPEED);
        slider.setId("run-speed");
        slider.setPrefWidth(90);
        Label value = new Label(RunToolbarModel.speedText(RunToolbarModel.FULL_SPEED));
        value.getStyleClass().add("hs-speed");
        slider.valueProperty().addListener((o, a, now) -> {
            value.setText(RunToolbarModel.speedText(now.doubleValue()));
            session.setSpeed(RunToolbarModel.stepsPerSecond(now.doubleValue()));
        });
        Tooltip tip = new Tooltip("Speed while running: 1 to 1,000 steps per second, or full speed (the "
                + "engine's own run; views update when it stops, with progress meanwhile)");
        slider.setTooltip(tip);
        value.setTooltip(tip);
        HBox box = new HBox(4, slider, value);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** Toggles for breaking after allocator events (page full, segment abandoned, ...). */
    private Node breakOn(SessionControls session) {
        MenuButton button = new MenuButton("Break on");
        button.setId("run-break-on");
        button.setFocusTraversable(false);
        button.setTooltip(new Tooltip("Stop a run right after a step that caused one of these allocator events"));
        java.util.Set<BreakEvent> chosen = java.util.EnumSet.noneOf(BreakEvent.class);
        for (BreakEvent e : BreakEvent.values()) {
            CheckMenuItem item = new CheckMenuItem(eventLabel(e));
            item.setId("break-" + e.word().replace('_', '-'));
            item.selectedProperty().addListener((o, was, on) -> {
                if (on) {
                    chosen.add(e);
                } else {
                    chosen.remove(e);
                }
                session.setEventBreakpoints(java.util.Set.copyOf(chosen));
                button.setText(chosen.isEmpty() ? "Break on" : "Break on (" + chosen.size() + ")");
            });
            button.getItems().add(item);
        }
        return button;
    }

    static String eventLabel(BreakEvent e) {
        return switch (e) {
            case PAGE_FULL -> "Page full (moved to the full queue)";
            case SEGMENT_ABANDONED -> "Segment abandoned (thread exited)";
            case RECLAIM -> "Segment reclaimed";
            case PURGE -> "Purge (memory decommitted or reset)";
            case DELAYED_FREE -> "Delayed free (remote free into a full page)";
            case DOUBLE_FREE -> "Double free caught (secure mode)";
        };
    }

    private static Label label(String style, ObservableStringValue text, String tip) {
        Label l = new Label();
        l.getStyleClass().add(style);
        l.textProperty().bind(text);
        if (tip != null) {
            l.setTooltip(new Tooltip(tip));
        }
        return l;
    }

    RunToolbarModel model() {
        return model;
    }
}
