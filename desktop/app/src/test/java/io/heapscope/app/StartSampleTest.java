package io.heapscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window on the shipped samples folder: what a newcomer sees first. */
@ExtendWith(ApplicationExtension.class)
class StartSampleTest {

    private static final Path SAMPLES = Path.of(System.getProperty("heapscope.samples.dir", "../../samples"));

    private final FakeSession session = new FakeSession();
    private AppServices services;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        services = AppServices.create(SAMPLES, Files.createTempDirectory("hs-state"), session);
        window = new MainWindow(services, stage, new TestPrompts());
        stage.setWidth(1200);
        stage.setHeight(760);
        stage.show();
        window.openStartDocument();
    }

    @AfterEach
    void stop() {
        services.close();
    }

    @Test
    void opensExactlyTheCigaretteSampleAmongTheShippedOnes(FxRobot robot) throws Exception {
        // the shipped folder sorts cigarette-fix-*.scenario before cigarette.scenario
        waitUntil(() -> session.calls.stream().anyMatch(c -> c.startsWith("load ")));
        assertEquals(List.of("load cigarette.scenario"), session.calls.stream().filter(c -> c.startsWith("load ")).toList());
        assertEquals(Files.readString(SAMPLES.resolve("cigarette.scenario")), window.editor().getText());
    }

    @Test
    void theSampleListShowsEachSamplesTitle(FxRobot robot) {
        ListView<?> list = robot.lookup("#samples-list").query();
        waitUntil(() -> list.getItems().size() >= 10);
        // the list is longer than the pane: scroll each sample into view, then read the cells drawn
        List<String> shown = new java.util.ArrayList<>();
        for (String file : List.of("cigarette.scenario", "cigarette-fix-collect.scenario")) {
            int at = list.getItems().stream().map(Object::toString).toList().indexOf(list.getItems().stream()
                    .map(Object::toString).filter(t -> t.contains("/" + file) || t.contains("file=" + file)
                            || t.endsWith(file + "]")).findFirst().orElseThrow(() -> new AssertionError(file + " is listed")));
            robot.interact(() -> list.scrollTo(at));
            robot.lookup("#samples-list .list-cell").queryAllAs(ListCell.class).stream()
                    .map(c -> c.getText()).filter(t -> t != null).forEach(shown::add);
        }
        assertTrue(shown.contains("The \"Mimalloc Cigarette\", scaled to run in a second."), shown.toString());
        assertTrue(shown.contains("Cigarette fix 3: main collects when it wakes."), shown.toString());
        assertTrue(shown.stream().noneMatch(t -> t.endsWith(".scenario")), "titles, not file names: " + shown);
    }

    private static void waitUntil(BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (Exception e) {
            throw new AssertionError("condition not met in 10 s", e);
        }
    }
}
