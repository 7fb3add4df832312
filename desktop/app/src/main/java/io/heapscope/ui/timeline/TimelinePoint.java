package io.heapscope.ui.timeline;

/**
 * The memory figures after one sampled step, in bytes; a figure the backend cannot measure (a
 * system allocator exposes only RSS) is {@link #UNMEASURED}. The figures hold until the next
 * sampled step: between samples the timeline draws them flat, then a step.
 *
 * @param step       the step sampled
 * @param clockNanos the virtual clock at that step
 * @param reserved   address space reserved from the OS
 * @param committed  reserved memory that is committed
 * @param inUse      bytes in blocks handed out
 * @param pending    bytes freed by other threads, not yet collected by the owner
 * @param rss        the agent process's resident set
 * @param events     allocator events since the previous sample (a marker when > 0)
 */
public record TimelinePoint(long step, long clockNanos, long reserved, long committed, long inUse, long pending,
                            long rss, int events) {

    /** A figure the backend does not measure. */
    public static final long UNMEASURED = -1;
}
