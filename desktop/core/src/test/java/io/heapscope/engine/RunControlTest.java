package io.heapscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.agent.AgentOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunControlTest {

    private static EngineConfig config() {
        return EngineConfig.interactive(AgentOptions.core(), Runnable::run).withStopOnFailedExpect(false);
    }

    @Test
    void withASameThreadExecutorEveryCommandCompletesAtOnce() throws Exception {
        List<EngineView> views = new ArrayList<>();
        try (RunControl control = new RunControl(config(), Runnable::run)) {
            control.subscribe(views::add);
            CompletableFuture<EngineView> loaded = control.load("test.scenario", Scenarios.SMALL);
            assertTrue(loaded.isDone());
            assertEquals(EngineView.Status.PAUSED, loaded.get().status());
            assertTrue(loaded.get().snapshot().isPresent());
            StepOutcome step = control.step().get();
            assertEquals(1, step.position().step());
            assertEquals(1, control.view().position().step());
            StepOutcome end = control.run().get();
            assertEquals(StopReason.END, end.reason());
            assertEquals(EngineView.Status.FINISHED, control.view().status());
            assertEquals(2, control.view().expects().size());
            assertTrue(control.view().history().size() >= 3, "a figure per stop: " + control.view().history());
            control.stepBack().get();
            assertEquals(EngineView.Status.PAUSED, control.view().status());
        }
        assertTrue(views.stream().anyMatch(v -> v.status() == EngineView.Status.RUNNING));
        assertEquals(EngineView.Status.EMPTY, views.getFirst().status());
    }

    @Test
    void aScenarioWithErrorsIsInvalidWithItsDiagnostics() throws Exception {
        try (RunControl control = new RunControl(config(), Runnable::run)) {
            EngineView view = control.load("bad.scenario", "thread main\nmian: a = malloc 8\n").get();
            assertEquals(EngineView.Status.INVALID, view.status());
            assertTrue(view.message().startsWith("bad.scenario:2:1: error:"), view.message());
            assertEquals(StopReason.FAILED, control.step().get().reason(), "nothing to step");
        }
    }

    @Test
    void aRunningCommandPublishesTheHeapAsItGoes() throws Exception {
        List<EngineView> running = new ArrayList<>();
        String text = "thread main\nmain: for i in 0..40_000 {\n  a[i] = malloc 64 B\n}\n";
        try (RunControl control = new RunControl(config().withSampling(new SamplePolicy(2_000, 0)), Runnable::run)) {
            control.load("live.scenario", text).get();
            control.subscribe(v -> {
                if (v.status() == EngineView.Status.RUNNING && v.snapshot().isPresent()) {
                    running.add(v);
                }
            });
            control.run().get();
            assertEquals(0, running.getFirst().position().step(), "the run starts where the load left it");
            List<EngineView> live = running.subList(1, running.size());
            assertTrue(!live.isEmpty(), "views published while running: " + running.size());
            for (EngineView v : live) {
                long pages = v.snapshot().orElseThrow().pages().size();
                // the last sample can fall on the last step, published before the run reports FINISHED
                assertTrue(v.position().step() > 0 && v.position().step() <= 40_000, "mid-run: " + v.position());
                assertTrue(pages >= v.position().step() * 64 / 65_536, "the snapshot is of that step: " + pages);
            }
            assertEquals(EngineView.Status.FINISHED, control.view().status());
        }
    }

    @Test
    void pauseStopsARunningCommandOnItsThread() throws Exception {
        ExecutorService worker = Executors.newSingleThreadExecutor();
        String text = "thread main\nmain: for i in 0..200_000 {\n  a = malloc 64 B\n  free a\n}\n";
        try (RunControl control = new RunControl(config().withSampling(SamplePolicy.everyStep()), worker)) {
            control.load("long.scenario", text).get(10, TimeUnit.SECONDS);
            CompletableFuture<StepOutcome> run = control.run();
            while (control.view().status() != EngineView.Status.RUNNING && !run.isDone()) {
                Thread.onSpinWait();
            }
            control.pause();
            StepOutcome paused = run.get(20, TimeUnit.SECONDS);
            assertEquals(StopReason.PAUSED, paused.reason());
            assertTrue(paused.position().step() < 200_000);
        } finally {
            worker.shutdown();
        }
    }
}
