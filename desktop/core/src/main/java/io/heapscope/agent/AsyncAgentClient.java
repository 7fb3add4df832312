package io.heapscope.agent;

import io.heapscope.model.Snapshot;
import io.heapscope.model.SnapshotUpdate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The asynchronous face of an agent: every call runs on one dedicated executor thread (so calls
 * keep their order) and returns a future; nothing here ever blocks the caller. Futures fail with
 * the same {@link AgentException}s the blocking client throws. For UI code.
 */
public final class AsyncAgentClient implements AutoCloseable {
    private final ExecutorService executor;
    private volatile AgentClient client;

    private AsyncAgentClient(AgentClient client, ExecutorService executor) {
        this.executor = executor;
        this.client = client;
    }

    /** Starts the agent on the executor thread; the returned future completes when its HELLO arrived. */
    public static CompletableFuture<AsyncAgentClient> start(AgentOptions options) {
        ExecutorService executor = Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().daemon().name("heapscope-agent-calls").unstarted(r));
        return CompletableFuture.supplyAsync(() -> new AsyncAgentClient(AgentClient.start(options), executor), executor);
    }

    private <T> CompletableFuture<T> submit(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, executor);
    }

    public Hello hello() {
        return client.hello();
    }

    public CompletableFuture<BatchResult> run(Batch batch) {
        return submit(() -> client.run(batch));
    }

    public CompletableFuture<SnapshotUpdate> snapshot(boolean delta, SnapshotOptions what) {
        return submit(() -> client.snapshot(delta, what));
    }

    /** The last picture with a fresh delta applied (a full snapshot the first time). */
    public CompletableFuture<Snapshot> update(SnapshotOptions what) {
        return submit(() -> client.update(what));
    }

    /** Replaces a dead (or living) agent with a fresh one. */
    public CompletableFuture<Void> restart() {
        return submit(() -> {
            client = client.restart();
            return null;
        });
    }

    public boolean isAlive() {
        return client.isAlive();
    }

    @Override
    public void close() {
        submit(() -> {
            client.close();
            return null;
        }).exceptionally(e -> null).join();
        executor.shutdown();
    }
}
