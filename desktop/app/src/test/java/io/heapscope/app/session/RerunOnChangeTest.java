package io.heapscope.app.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

import io.heapscope.app.AppServices;
import io.heapscope.app.session.SessionState.Status;

/**
 * A changed text runs without a separate Reset: Run runs the new text from its start, and saving
 * it loads it and runs it again to the step the session was at (the shipped thread-exit-reclaim sample).
 */
class RerunOnChangeTest {

    private EngineSession session;
    private String text;

    @BeforeEach
    void start() throws Exception {
        text = Files.readString(AppServices.defaultSamplesDir().resolve("thread-exit-reclaim.scenario"));
        session = EngineSession.create();
        session.load("thread-exit-reclaim.scenario", text);
        waitUntil(() -> session.state().status() == Status.PAUSED, "loaded");
    }

    @AfterEach
    void stop() {
        session.close();
    }

    @Test
    void runOnChangedTextRunsTheNewText() {
        session.runOrContinue();
        waitUntil(() -> session.state().status() == Status.FINISHED, "the sample ran");
        long steps = session.state().step();
        String longer = text + "\nmain: extra = malloc 64 B\n";
        session.textChanged("thread-exit-reclaim.scenario", longer);
        waitUntil(() -> session.state().textChanged(), "the change is noted");
        assertTrue(session.state().message().contains("Run or Save runs the new text"), session.state().message());
        session.runOrContinue();
        waitUntil(() -> session.state().status() == Status.FINISHED && session.state().step() == steps + 1,
                "the new text ran to its end, one statement longer");
        assertFalse(session.state().textChanged());
    }

    @Test
    void savingChangedTextRerunsItToTheSameStep() {
        session.goToStep(20);
        waitUntil(() -> session.state().step() == 20 && !session.state().busy(), "at step 20");
        String changed = text + "\n# a comment, saved\n";
        session.textChanged("thread-exit-reclaim.scenario", changed);
        waitUntil(() -> session.state().textChanged(), "the change is noted");
        session.saved("thread-exit-reclaim.scenario", changed);
        waitUntil(() -> !session.state().textChanged() && session.state().step() == 20 && !session.state().busy()
                && session.state().status() == Status.PAUSED, "reloaded and back at step 20");
        session.saved("thread-exit-reclaim.scenario", changed);
        session.step();
        waitUntil(() -> session.state().step() == 21 && !session.state().busy(),
                "saving the text that runs changes nothing: the step goes on from 20");
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (Exception e) {
            throw new AssertionError("not reached in 60 s: " + what, e);
        }
    }
}
