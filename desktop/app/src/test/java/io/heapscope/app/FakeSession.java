package io.heapscope.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.heapscope.engine.BreakEvent;
import io.heapscope.engine.Progress;
import io.heapscope.model.BlockState;

import io.heapscope.app.session.SessionControls;
import io.heapscope.app.session.SessionState;

/** A session that records the commands it gets and publishes the states a test gives it. */
final class FakeSession implements SessionControls {

    final List<String> calls = new CopyOnWriteArrayList<>();
    volatile String loadedText = "";
    volatile Set<Integer> breakpoints = Set.of();
    private final List<Consumer<SessionState>> listeners = new CopyOnWriteArrayList<>();
    private volatile SessionState state = SessionState.notLoaded("");

    void publish(SessionState next) {
        state = next;
        new ArrayList<>(listeners).forEach(l -> l.accept(next));
    }

    @Override
    public SessionState state() {
        return state;
    }

    @Override
    public AutoCloseable subscribe(Consumer<SessionState> listener) {
        listeners.add(listener);
        listener.accept(state);
        return () -> listeners.remove(listener);
    }

    @Override
    public AutoCloseable subscribePictures(Consumer<StepPicture> listener) {
        return () -> { };
    }

    @Override
    public AutoCloseable subscribeProgress(Consumer<Progress> listener) {
        return () -> { };
    }

    @Override
    public void textChanged(String fileName, String text) {
    }

    @Override
    public void saved(String fileName, String text) {
        calls.add("saved " + fileName);
    }

    @Override
    public void setEventBreakpoints(Set<BreakEvent> events) {
        calls.add("break-on " + events);
    }

    @Override
    public CompletableFuture<int[]> freeList(long pageStart, BlockState list, int max) {
        return CompletableFuture.completedFuture(new int[0]);
    }

    @Override
    public List<String> backends() {
        return List.of("core", "glibc");
    }

    @Override
    public void load(String fileName, String text) {
        loadedText = text;
        calls.add("load " + fileName);
    }

    @Override
    public void loadTrace(String fileName, io.heapscope.scenario.op.Program program) {
        calls.add("load trace " + fileName);
    }

    @Override
    public void runOrContinue() {
        calls.add("run");
    }

    @Override
    public void pause() {
        calls.add("pause");
    }

    @Override
    public void step() {
        calls.add("step");
    }

    @Override
    public void stepOverLoop() {
        calls.add("step-over");
    }

    @Override
    public void stepBack() {
        calls.add("step-back");
    }

    @Override
    public void runToLine(int line) {
        calls.add("run-to " + line);
    }

    @Override
    public void reset() {
        calls.add("reset");
    }

    @Override
    public void goToStep(long step) {
        calls.add("go-to " + step);
    }

    @Override
    public void setSpeed(double stepsPerSecond) {
    }

    @Override
    public void setBreakpoints(Set<Integer> lines) {
        breakpoints = lines;
    }

    @Override
    public void setBackend(String backend) {
        calls.add("backend " + backend);
    }
}
