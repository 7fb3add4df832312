package io.heapscope.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

import io.heapscope.agent.AgentOptions;
import io.heapscope.app.session.SessionState;
import io.heapscope.engine.EngineConfig;
import io.heapscope.lesson.Lesson;
import io.heapscope.lesson.LessonException;
import io.heapscope.lesson.LessonHtml;
import io.heapscope.lesson.LessonWriter;
import io.heapscope.lesson.LessonParser;
import io.heapscope.lesson.LessonRun;
import io.heapscope.lesson.StopPlace;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.ui.lesson.LessonPanel;
import io.heapscope.ui.lesson.LessonRecorder;
import io.heapscope.ui.lesson.LessonProgress;

/**
 * Opening a lesson in the window and keeping the run at its stops: the lesson is read and its
 * stops resolved on a run of its own, off the FX thread; its scenario opens in the editor; each
 * stop runs the window's session to the stop's step and, once the views show that step, points
 * them at the stop's highlights. The student may step freely: the panel then offers the way back.
 */
final class LessonActions implements LessonPanel.Listener {

    private final AppServices services;
    private final Prompts prompts;
    private final LessonHighlights highlights;
    private final Consumer<Path> openScenario;
    private final Runnable showLessonTab;
    private final LessonPanel panel = new LessonPanel(this);
    private final LessonRecorder recorder = new LessonRecorder(this::saveRecorded);
    private java.util.function.Supplier<Optional<Path>> scenarioPath = Optional::empty;
    private Path file;
    private StopPlace wanted;
    private boolean requested;
    private boolean shown;
    private StepPicture picture = StepPicture.empty();
    private SessionState state = SessionState.notLoaded("");
    private Consumer<LessonProgress> onReady = p -> { };

    LessonActions(AppServices services, Prompts prompts, LessonHighlights highlights, Consumer<Path> openScenario,
                  Runnable showLessonTab) {
        this.services = services;
        this.prompts = prompts;
        this.highlights = highlights;
        this.openScenario = openScenario;
        this.showLessonTab = showLessonTab;
    }

    LessonPanel panel() {
        return panel;
    }

    /** The recorder, writing lessons on the scenario that {@code scenario} names (the open document). */
    LessonRecorder recorder(java.util.function.Supplier<Optional<Path>> scenario) {
        this.scenarioPath = scenario;
        return recorder;
    }

    /** Writes the recorded stops as a lesson file the author chooses, the scenario named relative to it. */
    private void saveRecorded(String title, List<LessonWriter.Recorded> stops) {
        Optional<Path> scenario = scenarioPath.get();
        if (scenario.isEmpty()) {
            prompts.error("No scenario file", "Save the scenario first: a lesson names its scenario's file.");
            return;
        }
        prompts.chooseSave(AppServices.userDir(), "recorded.lesson", "lesson").ifPresent(out -> {
            Path dir = out.toAbsolutePath().getParent();
            String text = LessonWriter.write(title, dir.relativize(scenario.get().toAbsolutePath()).toString(), stops);
            CompletableFuture.runAsync(() -> {
                try {
                    LessonHtml.write(out, text);
                } catch (IOException e) {
                    services.door().run(() -> prompts.error("Saving the lesson failed", String.valueOf(e.getMessage())));
                }
            }, services.worker());
        });
    }

    /** Alt+Right and Alt+Left go to the next and previous stop, Alt+Home back to the stop's position. */
    void bindKeys(Scene scene) {
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.ALT_DOWN), panel::next);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.LEFT, KeyCombination.ALT_DOWN), panel::previous);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.HOME, KeyCombination.ALT_DOWN), panel::returnToStop);
    }

    /** Called on the FX thread when a lesson's stops are resolved and its first stop is shown (tests). */
    void setOnReady(Consumer<LessonProgress> listener) {
        this.onReady = listener;
    }

    /** Opens a sample from the browser: a lesson here, a scenario with {@code scenario}. */
    void openSample(Path sample, boolean isLesson, Consumer<Path> scenario) {
        if (isLesson) {
            open(sample);
        } else {
            scenario.accept(sample);
        }
    }

    /** Reads {@code lesson}, opens its scenario, and resolves its stops off the FX thread. */
    void open(Path lesson) {
        CompletableFuture.supplyAsync(() -> read(lesson), services.worker()).thenAccept(parsed -> services.door().run(() -> {
            if (parsed.lesson().isEmpty()) {
                prompts.error("The lesson has errors", parsed.diagnostics().stream().map(Diagnostic::toString)
                        .collect(Collectors.joining("\n")));
                return;
            }
            Lesson l = parsed.lesson().get();
            file = lesson;
            wanted = null;
            openScenario.accept(l.scenario());
            showLessonTab.run();
            CompletableFuture.supplyAsync(() -> resolve(l), services.worker())
                    .thenAccept(r -> services.door().run(() -> {
                        panel.open(new LessonProgress(l, r.places()), r.problems());
                        onReady.accept(panel.progress());
                    }));
        }));
    }

    private record Resolved(List<Optional<StopPlace>> places, String problems) {
    }

    private static LessonParser.Result read(Path lesson) {
        try {
            return LessonParser.parse(lesson, Files.readString(lesson));
        } catch (IOException e) {
            return new LessonParser.Result(Optional.empty(), List.of(Diagnostic.error(
                    new io.heapscope.scenario.source.SourceSpan(lesson.toString(), 1, 1, 1, 1),
                    "cannot read the lesson: " + e.getMessage())));
        }
    }

    private static Resolved resolve(Lesson lesson) {
        List<Optional<StopPlace>> places = new ArrayList<>();
        try (LessonRun run = LessonRun.start(lesson, EngineConfig.headless(AgentOptions.core()))) {
            while (run.hasNext()) {
                places.add(run.next());
            }
            return new Resolved(places, run.problems().stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
        } catch (LessonException | io.heapscope.engine.EngineException e) {
            while (places.size() < lesson.stops().size()) {
                places.add(Optional.empty());
            }
            return new Resolved(places, e.getMessage());
        }
    }

    @Override
    public void onStop(LessonProgress progress) {
        wanted = progress.place().orElse(null);
        requested = false;
        shown = false;
        follow();
    }

    @Override
    public void onReturn(LessonProgress progress) {
        onStop(progress);
    }

    @Override
    public void onExport(LessonProgress progress) {
        Path lesson = file;
        String name = lesson.getFileName().toString().replaceFirst("\\.lesson$", "") + ".html";
        prompts.chooseSave(AppServices.userDir(), name, "html").ifPresent(out -> CompletableFuture.runAsync(() -> {
            try {
                LessonExport.export(lesson, out);
            } catch (LessonException e) {
                services.door().run(() -> prompts.error("The lesson does not hold", e.diagnostics().stream()
                        .map(Diagnostic::toString).collect(Collectors.joining("\n"))));
            } catch (IOException | RuntimeException e) {
                services.door().run(() -> prompts.error("Export failed", String.valueOf(e.getMessage())));
            }
        }, services.worker()));
    }

    /** The session's state changed (FX thread). */
    void onState(SessionState s) {
        state = s;
        recorder.setStep(s.step());
        follow();
    }

    /** The views show a new picture (FX thread). */
    void onPicture(StepPicture p) {
        picture = p;
        follow();
    }

    private void follow() {
        if (wanted == null) {
            return;
        }
        boolean ready = !state.busy() && (state.status() == SessionState.Status.PAUSED
                || state.status() == SessionState.Status.FINISHED);
        if (ready && !requested && state.step() != wanted.step()) {
            requested = true;
            services.session().goToStep(wanted.step());
        }
        if (!shown && ready && picture.step() == wanted.step() && state.step() == wanted.step()) {
            shown = highlights.show(wanted.targets(), picture);
        }
        panel.setAway(ready ? state.step() : wanted.step());
    }
}
