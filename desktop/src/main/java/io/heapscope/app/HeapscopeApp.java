package io.heapscope.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javafx.application.Application;
import javafx.stage.Stage;

import io.heapscope.agent.AgentClient;
import io.heapscope.agent.AgentOptions;
import io.heapscope.app.playback.AgentSession;
import io.heapscope.app.session.DetachedSession;
import io.heapscope.app.session.SessionControls;

/**
 * Heapscope's main class: opens the IDE window with the Mimalloc Cigarette sample loaded.
 * Folders come from {@code -Dheapscope.samples.dir} and {@code -Dheapscope.state.dir}.
 * With {@code --screenshot FILE} it writes a picture of the window instead and exits
 * ({@link Screenshot}).
 */
public final class HeapscopeApp extends Application {

    private AppServices services;

    @Override
    public void start(Stage stage) throws Exception {
        Path samples = AppServices.defaultSamplesDir();
        Optional<ScreenshotRun> screenshot = ScreenshotRun.fromArgs(getParameters().getRaw(), samples);
        Path state = screenshot.isPresent() ? Files.createTempDirectory("heapscope-screenshot")
                : AppServices.defaultStateDir();
        SessionControls session = session();
        services = AppServices.create(samples, state, session);
        MainWindow window = screenshot.isPresent() ? screenshot.get().window(stage, services)
                : new MainWindow(services, stage, null);
        if (session instanceof AgentSession agent) {
            agent.setPictureSink(window::showStep);
        }
        if (screenshot.isPresent()) {
            screenshot.get().run(window, stage, services);
            return;
        }
        stage.show();
        window.openStartDocument();
    }

    @Override
    public void stop() {
        if (services != null) {
            services.close();
            if (services.session() instanceof AgentSession agent) {
                agent.close();
            }
        }
    }

    /** The agent-driven session when the native agent is built, else one that only checks text. */
    private static SessionControls session() {
        try {
            AgentOptions options = AgentOptions.core();
            return new AgentSession(() -> AgentClient.start(options));
        } catch (IllegalStateException noAgent) {
            System.err.println("heapscope: " + noAgent.getMessage());
            return new DetachedSession();
        }
    }

    public static void main(String[] args) {
        launch(HeapscopeApp.class, args);
    }
}
