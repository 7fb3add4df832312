package io.heapscope.ui.timeline;

/**
 * The memory figures after one step, in bytes.
 *
 * @param reserved  address space reserved from the OS
 * @param committed reserved memory that is committed
 * @param inUse     bytes in blocks handed out
 * @param pending   bytes freed by other threads, not yet collected by the owner
 * @param rss       the agent process's resident set
 * @param events    allocator events in the step (a marker when > 0)
 */
public record TimelinePoint(long step, long reserved, long committed, long inUse, long pending, long rss, int events) {
}
