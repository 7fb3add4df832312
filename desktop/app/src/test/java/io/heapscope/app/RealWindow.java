package io.heapscope.app;

import io.heapscope.app.session.EngineSession;
import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.stage.Stage;

/**
 * The window on a real engine session over the shipped samples, as the app opens it, for the
 * TestFX flows; {@link #close()} ends the session and the services.
 */
record RealWindow(EngineSession session, AppServices services, MainWindow window, TestPrompts prompts)
        implements AutoCloseable {

    /** Shown on {@code stage} at the flows' size (1200 × 760); {@code beforeShow} may set listeners first. */
    static RealWindow show(Stage stage, Path out, Consumer<MainWindow> beforeShow) {
        EngineSession session = EngineSession.create();
        AppServices services = AppServices.create(AppServices.defaultSamplesDir(), out, session);
        TestPrompts prompts = new TestPrompts(out);
        MainWindow window = new MainWindow(services, stage, prompts);
        beforeShow.accept(window);
        stage.setWidth(1200);
        stage.setHeight(760);
        stage.show();
        return new RealWindow(session, services, window, prompts);
    }

    @Override
    public void close() {
        session.close();
        services.close();
    }
}
