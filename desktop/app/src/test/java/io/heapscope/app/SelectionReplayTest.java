package io.heapscope.app;

import static io.heapscope.app.RealWindow.waitUntil;
import static io.heapscope.app.RealWindow.find;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import javafx.geometry.Point2D;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import io.heapscope.app.session.EngineSession;
import io.heapscope.app.session.SessionState;
import io.heapscope.ui.addressspace.AddressSpaceView;
import io.heapscope.ui.addressspace.SliceRef;
import io.heapscope.ui.details.DetailsView;
import io.heapscope.ui.pageinspector.BlockSelection;
import io.heapscope.ui.pageinspector.PageBlocks;
import io.heapscope.ui.pageinspector.PageInspectorView;

/**
 * A student watches one page of the shipped cigarette sample while stepping back and forth: the
 * selection survives the replay a step back is (the page is known by its segment's serial and
 * slice, not by an address the new agent process does not share), with its earlier contents.
 */
@ExtendWith(ApplicationExtension.class)
class SelectionReplayTest {

    private RealWindow real;
    private EngineSession session;
    private AppServices services;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        Path out = Files.createTempDirectory("hs-selection");
        real = RealWindow.show(stage, out, w -> { });
        session = real.session();
        services = real.services();
        window = real.window();
        window.openStartDocument();
    }

    @AfterEach
    void stop() {
        real.close();
    }

    @Test
    void aSelectedPageKeepsItsSelectionAndEarlierContentsAfterSteppingBack(FxRobot robot) {
        waitUntil(() -> session.state().status() == SessionState.Status.PAUSED, "the cigarette sample loaded");
        AddressSpaceView space = find(robot, ".hs-address-space", AddressSpaceView.class);
        PageInspectorView inspector = find(robot, ".hs-page-inspector", PageInspectorView.class);
        go(17_000);
        robot.interact(() -> assertTrue(window.showPageWithMostPendingFrees(), "a page with the refresher's frees"));
        SliceRef selected = space.selectedSliceProperty().get();
        PageBlocks before = inspector.pageProperty().get();
        assertNotNull(before);
        assertTrue(before.counts().threadFree() > 0, before.counts().toString());

        go(17_030);
        assertNotNull(space.selectedSliceProperty().get(), "stepping forward keeps the selection");
        go(17_001);
        robot.press(KeyCode.SHIFT, KeyCode.F10).release(KeyCode.F10, KeyCode.SHIFT);
        waitUntil(() -> window.picture().step() == 17_000 && !session.state().busy(), "one step back, by replay");

        SliceRef after = space.selectedSliceProperty().get();
        assertNotNull(after, "the selection survived the step back");
        assertEquals(selected.segment().serial(), after.segment().serial());
        assertEquals(selected.slice(), after.slice());
        PageBlocks again = inspector.pageProperty().get();
        assertNotNull(again, "the page inspector still shows the page");
        assertArrayEquals(before.states(), again.states(), "its blocks as they were at step 17,000");
        assertEquals(before.counts(), again.counts());
        assertEquals(before.used(), again.used());
        assertEquals(before.owner(), again.owner());
    }

    @Test
    void clickingAPageOpensItAndClickingABlockShowsItInDetails(FxRobot robot) {
        waitUntil(() -> session.state().status() == SessionState.Status.PAUSED, "the cigarette sample loaded");
        AddressSpaceView space = find(robot, ".hs-address-space", AddressSpaceView.class);
        PageInspectorView inspector = find(robot, ".hs-page-inspector", PageInspectorView.class);
        go(17_000);
        robot.interact(() -> assertTrue(window.showPageWithMostPendingFrees()));
        long pageAddress = space.selectedSliceProperty().get().spanAddress();
        robot.interact(() -> window.showView("Address space"));
        robot.interact(() -> space.clearSelection());
        Point2D onPage = space.screenPointOf(pageAddress).orElseThrow(() -> new AssertionError("the page is in view"));
        robot.clickOn(onPage);
        TabPane views = find(robot, "#view-tabs", TabPane.class);
        waitUntil(() -> views.getSelectionModel().getSelectedItem().getText().equals("Page inspector"),
                "the click opened the page inspector");
        assertEquals(pageAddress, inspector.pageProperty().get().address());

        waitUntil(() -> inspector.pageProperty().get().threadFreeList().length > 1, "the page's real list order");
        int second = inspector.pageProperty().get().threadFreeList()[1];
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(inspector.screenPointOfBlock(second).orElseThrow());
        waitUntil(() -> inspector.selectedBlockProperty().get() != null, "a block selected");
        BlockSelection chosen = inspector.selectedBlockProperty().get();
        assertEquals(second, chosen.block());
        DetailsView details = find(robot, ".hs-details", DetailsView.class);
        waitUntil(() -> details.values().contains("on thread_free"), "its state in Details");
        assertTrue(details.values().contains("thread_free"), "its list: " + details.values());
        assertTrue(details.values().stream().anyMatch(v -> v.startsWith("2 of ")), "second link: " + details.values());
        assertTrue(details.values().contains("main"), "the owner: " + details.values());
        assertTrue(details.values().stream().anyMatch(v -> v.startsWith("2 KiB")), "size class: " + details.values());
        assertTrue(details.values().stream().anyMatch(v -> v.contains("stranded") || v.contains("collect")),
                "the plain-language explanation: " + details.values());
    }

    private void go(long step) {
        session.goToStep(step);
        waitUntil(() -> window.picture().step() == step && !session.state().busy(), "at step " + step);
    }
}
