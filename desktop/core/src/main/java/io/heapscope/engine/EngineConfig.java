package io.heapscope.engine;

import io.heapscope.agent.AgentClient;
import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.SnapshotOptions;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How an {@link Engine} runs.
 *
 * @param agents             starts a fresh agent (each run, replay and checkpoint has its own)
 * @param snapshots          what snapshots carry: blocks for a window's page views, statistics
 *                           always (the metrics need them)
 * @param sampling           when the history records figures besides stops
 * @param checkpoints        keep a spare agent a little behind the current step, so going back
 *                           replays from it instead of from the start
 * @param background         where spare agents are prepared (a same-thread executor makes it
 *                           synchronous, for tests)
 * @param stopOnFailedExpect stop a run after an expect fails (a window does; {@code check} does not)
 * @param progress           told how far long commands are, about every 50 ms
 */
public record EngineConfig(Supplier<AgentClient> agents, SnapshotOptions snapshots, SamplePolicy sampling,
                           boolean checkpoints, Executor background, boolean stopOnFailedExpect,
                           Consumer<Progress> progress) {

    /** Statistics without block states: what metrics need, and cheap. */
    public static final SnapshotOptions METRICS = new SnapshotOptions(false, true, false);

    public EngineConfig {
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(snapshots, "snapshots");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(progress, "progress");
        if (!snapshots.stats()) {
            throw new IllegalArgumentException("the engine's snapshots need statistics for its metrics");
        }
    }

    /** Headless runs (the command line): no blocks, no checkpoints, samples only at stops. */
    public static EngineConfig headless(AgentOptions agent) {
        return new EngineConfig(() -> AgentClient.start(agent), METRICS, SamplePolicy.STOPS_ONLY, false,
                Runnable::run, false, p -> { });
    }

    /** A window: block states, checkpoints prepared on {@code background}, timeline samples. */
    public static EngineConfig interactive(AgentOptions agent, Executor background) {
        return new EngineConfig(() -> AgentClient.start(agent), SnapshotOptions.ALL, SamplePolicy.INTERACTIVE,
                true, background, true, p -> { });
    }

    public EngineConfig withSnapshots(SnapshotOptions what) {
        return new EngineConfig(agents, what, sampling, checkpoints, background, stopOnFailedExpect, progress);
    }

    public EngineConfig withSampling(SamplePolicy policy) {
        return new EngineConfig(agents, snapshots, policy, checkpoints, background, stopOnFailedExpect, progress);
    }

    public EngineConfig withCheckpoints(boolean on, Executor where) {
        return new EngineConfig(agents, snapshots, sampling, on, where, stopOnFailedExpect, progress);
    }

    public EngineConfig withStopOnFailedExpect(boolean stop) {
        return new EngineConfig(agents, snapshots, sampling, checkpoints, background, stop, progress);
    }

    public EngineConfig withProgress(Consumer<Progress> listener) {
        return new EngineConfig(agents, snapshots, sampling, checkpoints, background, stopOnFailedExpect,
                listener);
    }
}
