package io.heapscope.app.session;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The session used while no stepping engine is available: it accepts scenarios and breakpoints,
 * says so in its state, and runs nothing. Every run command is disabled through its state.
 */
public final class DetachedSession implements SessionControls {

    static final String WHY = "No stepping engine in this build yet: the scenario is checked, not run.";

    private final List<Consumer<SessionState>> listeners = new CopyOnWriteArrayList<>();
    private volatile SessionState state = SessionState.notLoaded(WHY);

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
    public List<String> backends() {
        return List.of("core");
    }

    @Override
    public void load(String fileName, String text) {
        publish(SessionState.notLoaded(WHY));
    }

    @Override
    public void runOrContinue() {
    }

    @Override
    public void pause() {
    }

    @Override
    public void step() {
    }

    @Override
    public void stepOverLoop() {
    }

    @Override
    public void stepBack() {
    }

    @Override
    public void runToLine(int line) {
    }

    @Override
    public void reset() {
        publish(SessionState.notLoaded(WHY));
    }

    @Override
    public void goToStep(long step) {
    }

    @Override
    public void setSpeed(double stepsPerSecond) {
    }

    @Override
    public void setBreakpoints(Set<Integer> lines) {
    }

    @Override
    public void setBackend(String backend) {
    }

    private void publish(SessionState next) {
        state = next;
        listeners.forEach(l -> l.accept(next));
    }
}
