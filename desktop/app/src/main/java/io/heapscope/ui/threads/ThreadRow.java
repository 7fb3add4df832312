package io.heapscope.ui.threads;

/**
 * One scenario thread as the threads view shows it.
 *
 * @param index         scenario thread index (its colour)
 * @param state         running, parked or exited
 * @param heaps         heaps it owns (its backing heap and first-class heaps)
 * @param pages         pages its heaps own
 * @param segments      segments it owns
 * @param pendingBlocks blocks other threads freed that wait on its pages (thread_free + delayed)
 * @param pendingBytes  the same in bytes: the number that grows in the cigarette story
 */
public record ThreadRow(int index, String name, String state, int heaps, int pages, int segments,
                        long pendingBlocks, long pendingBytes) {
}
