package io.heapscope.app;

import io.heapscope.app.session.EngineSession;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

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

    /** Waits up to 60 s for {@code condition}; fails naming {@code what} was not reached. */
    static void waitUntil(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (Exception e) {
            throw new AssertionError("not reached in 60 s: " + what, e);
        }
    }

    /** Looks a node up on the FX thread: a lookup from the test's thread races the views' updates. */
    static <T extends Node> T find(FxRobot robot, String query, Class<T> type) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> robot.lookup(query).queryAs(type)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no " + query + ": " + e, e);
        }
    }
}
