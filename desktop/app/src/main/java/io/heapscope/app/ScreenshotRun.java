package io.heapscope.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.util.Duration;

import io.heapscope.app.session.SessionState;
import io.heapscope.ui.fx.NodePng;

/**
 * Takes a picture of the main window: opens it on a sample, waits for the text to be parsed,
 * optionally steps, snapshots the scene to PNG and exits. Started by {@code --screenshot FILE}
 * (see {@link Screenshot}); run it under {@code xvfb-run -a}.
 *
 * @param out    the PNG to write
 * @param sample the scenario to open
 * @param steps  how many times to press Step before the picture
 * @param line   if > 0, run to this line first (at full speed) and show the page with the most
 *               memory freed by other threads; by default {@link #storyLine} of the sample
 * @param tab    the heap view to show ("Address space", "Threads", ...), or "" to keep the default
 * @param width  window width
 * @param height window height
 * @param snapshot a saved snapshot file to open (File > Open snapshot) after the sample, instead
 *                 of running it; null for none
 * @param lesson   a lesson to open instead of the sample, null for none; the picture shows its
 *                 stop {@code stop} (1-based), the answers of the stops before it shown
 * @param back     how many times to press Step back after that (the selection stays on its page)
 * @param colour   the address space's colour mode ("By use", ...), or "" to keep the default
 */
record ScreenshotRun(Path out, Path sample, int steps, int line, String tab, int width, int height, Path snapshot,
                     Path lesson, int stop, int back, String colour) {

    /**
     * Parses {@code --screenshot FILE [--sample FILE] [--steps N] [--line N] [--tab NAME] [--size WxH]
     * [--snapshot FILE] [--lesson FILE [--stop N]] [--back N] [--colour MODE]}; empty if absent.
     */
    static Optional<ScreenshotRun> fromArgs(java.util.List<String> args, Path samplesDir) {
        int i = args.indexOf("--screenshot");
        if (i < 0 || i + 1 >= args.size()) {
            return Optional.empty();
        }
        Path out = Path.of(args.get(i + 1));
        Path sample = value(args, "--sample").map(Path::of).orElse(samplesDir.resolve("cigarette.scenario"));
        int steps = value(args, "--steps").map(Integer::parseInt).orElse(0);
        Path snapshot = value(args, "--snapshot").map(Path::of).orElse(null);
        int line = value(args, "--line").map(Integer::parseInt)
                .orElseGet(() -> args.contains("--steps") || snapshot != null ? 0 : storyLine(sample));
        String[] size = value(args, "--size").orElse("1400x900").split("x");
        Path lesson = value(args, "--lesson").map(Path::of).orElse(null);
        return Optional.of(new ScreenshotRun(out, sample, steps, lesson != null ? 0 : line, value(args, "--tab").orElse(""),
                Integer.parseInt(size[0]), Integer.parseInt(size[1]), snapshot, lesson,
                value(args, "--stop").map(Integer::parseInt).orElse(1), value(args, "--back").map(Integer::parseInt).orElse(0),
                value(args, "--colour").orElse("")));
    }

    /**
     * The line to stop at by default: where {@code main} wakes, else the first {@code expect}. In
     * the cigarette sample that is after the refresher has replaced every hotel, with main's
     * pages full of blocks waiting on thread_free. 0 when the file has neither (or cannot be read).
     */
    static int storyLine(Path sample) {
        List<String> lines;
        try {
            lines = Files.readAllLines(sample);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        int firstExpect = 0;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.matches("main\\s*:\\s*wake\\b.*")) {
                return i + 1;
            }
            if (firstExpect == 0 && l.startsWith("expect ")) {
                firstExpect = i + 1;
            }
        }
        return firstExpect;
    }

    MainWindow window(Stage stage, AppServices services) {
        return new MainWindow(services, stage, new SilentPrompts());
    }

    void run(MainWindow window, Stage stage, AppServices services) {
        stage.setWidth(width);
        stage.setHeight(height);
        stage.show();
        if (lesson != null) {
            window.setOnLessonReady(p -> later(1.0, () -> toStop(window, services, stage, 1)));
            window.openLesson(lesson);
            return;
        }
        if (Files.isRegularFile(sample)) {
            window.open(sample);
        } else {
            System.err.println("screenshot: no sample at " + sample + "; taking the empty window");
        }
        later(2.0, () -> {
            if (snapshot != null) {
                window.openSnapshot(snapshot);
                later(2.0, () -> {
                    System.out.println("screenshot: showing " + snapshot + " at step " + window.picture().step());
                    window.showPageWithMostPendingFrees();
                    step(window, services, 0, stage);
                });
            } else if (line > 0) {
                services.session().runToLine(line);
                waitIdle(window, services, stage, 0);
            } else {
                step(window, services, steps, stage);
            }
        });
    }

    /** Moves the lesson on to {@link #stop}, showing the answers on the way, then takes the picture there. */
    private void toStop(MainWindow window, AppServices services, Stage stage, int at) {
        var panel = window.lessonPanel();
        if (at < stop && panel.progress().index() + 1 < panel.progress().count()) {
            panel.revealAnswer();
            panel.next();
            later(0.3, () -> toStop(window, services, stage, at + 1));
            return;
        }
        waitAtStop(window, services, stage, 0);
    }

    private void waitAtStop(MainWindow window, AppServices services, Stage stage, int polls) {
        var progress = window.lessonPanel().progress();
        long want = progress.place().map(p -> p.step()).orElse(-1L);
        SessionState s = services.session().state();
        if ((s.busy() || s.step() != want || window.picture().step() != want) && polls < 600) {
            later(0.2, () -> waitAtStop(window, services, stage, polls + 1));
            return;
        }
        System.out.println("screenshot: lesson stop " + (progress.index() + 1) + " at step " + s.step());
        step(window, services, 0, stage);
    }

    private void waitIdle(MainWindow window, AppServices services, Stage stage, int polls) {
        SessionState s = services.session().state();
        boolean idle = !s.busy() && s.status() != SessionState.Status.NOT_LOADED;
        if ((!idle || polls < 2) && polls < 600) {
            later(0.2, () -> waitIdle(window, services, stage, polls + 1));
            return;
        }
        later(0.5, () -> {
            System.out.println("screenshot: at step " + s.step() + ", line " + s.currentLine() + " ("
                    + s.status() + (s.message().isEmpty() ? "" : ": " + s.message()) + ")");
            window.showPageWithMostPendingFrees();
            step(window, services, steps, stage);
        });
    }

    private void step(MainWindow window, AppServices services, int left, Stage stage) {
        if (left > 0) {
            services.session().step();
            later(0.2, () -> step(window, services, left - 1, stage));
            return;
        }
        if (back > 0) {
            for (int i = 0; i < back; i++) {
                services.session().stepBack();
            }
            later(1.5, () -> waitBack(window, services, stage, 0));
            return;
        }
        picture(window, services, stage);
    }

    private void waitBack(MainWindow window, AppServices services, Stage stage, int polls) {
        if (services.session().state().busy() && polls < 600) {
            later(0.2, () -> waitBack(window, services, stage, polls + 1));
            return;
        }
        System.out.println("screenshot: stepped back to step " + services.session().state().step());
        picture(window, services, stage);
    }

    private void picture(MainWindow window, AppServices services, Stage stage) {
        later(0.5, () -> {
            if (!tab.isEmpty()) {
                window.showView(tab);
            }
            if (!colour.isEmpty()) {
                window.colourBy(colour);
            }
        });
        later(1.0, () -> {
            BufferedImage image = NodePng.capture(stage.getScene().getRoot());
            services.worker().execute(() -> {
                try {
                    NodePng.write(image, out);
                    System.out.println("screenshot: wrote " + out.toAbsolutePath() + " (" + image.getWidth() + "×"
                            + image.getHeight() + ")");
                } catch (IOException e) {
                    System.err.println("screenshot: " + e.getMessage());
                }
                services.door().run(Platform::exit);
            });
        });
    }

    private static void later(double seconds, Runnable action) {
        PauseTransition p = new PauseTransition(Duration.seconds(seconds));
        p.setOnFinished(e -> action.run());
        p.play();
    }

    private static Optional<String> value(java.util.List<String> args, String flag) {
        int i = args.indexOf(flag);
        return i >= 0 && i + 1 < args.size() ? Optional.of(args.get(i + 1)) : Optional.empty();
    }
}
