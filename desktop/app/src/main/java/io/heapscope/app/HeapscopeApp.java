package io.heapscope.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javafx.application.Application;
import javafx.stage.Stage;

import io.heapscope.app.session.EngineSession;

/**
 * Heapscope's main class: opens the IDE window on the scenario file given as the first argument
 * ({@code ./heapscope app FILE}; a {@code .lesson} file opens that lesson), or else on
 * samples/cigarette.scenario, run by
 * the stepping engine ({@link EngineSession}). Without a built agent the window still opens; the
 * status bar says why nothing runs.
 * Folders come from {@code -Dheapscope.samples.dir} and {@code -Dheapscope.state.dir}.
 * With {@code --screenshot FILE} it writes a picture of the window instead and exits
 * ({@link Screenshot}).
 */
public final class HeapscopeApp extends Application {

    private AppServices services;
    private EngineSession session;

    @Override
    public void start(Stage stage) throws Exception {
        Path samples = AppServices.defaultSamplesDir();
        Optional<ScreenshotRun> screenshot = ScreenshotRun.fromArgs(getParameters().getRaw(), samples);
        Path state = screenshot.isPresent() ? Files.createTempDirectory("heapscope-screenshot")
                : AppServices.defaultStateDir();
        session = EngineSession.create();
        services = AppServices.create(samples, state, session);
        MainWindow window = screenshot.isPresent() ? screenshot.get().window(stage, services)
                : new MainWindow(services, stage, null);
        if (screenshot.isPresent()) {
            screenshot.get().run(window, stage, services);
            return;
        }
        stage.show();
        Optional<String> file = getParameters().getUnnamed().stream()
                .filter(a -> !a.startsWith("-")).findFirst();
        if (file.isPresent() && file.get().endsWith(".lesson")) {
            window.openLesson(Path.of(file.get()).toAbsolutePath());
        } else if (file.isPresent()) {
            window.openStartDocument(Path.of(file.get()).toAbsolutePath());
        } else {
            window.openStartDocument();
        }
    }

    @Override
    public void stop() {
        if (session != null) {
            session.close();
        }
        if (services != null) {
            services.close();
        }
    }

    public static void main(String[] args) {
        launch(HeapscopeApp.class, args);
    }
}
