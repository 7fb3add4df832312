package io.heapscope.engine;

/** Why a command stopped where it did. */
public enum StopReason {
    /** The step, step-over or jump it was asked for is done. */
    DONE,
    /** The program ran to its end. */
    END,
    /** A line breakpoint: the statement on that line is about to run. */
    LINE_BREAKPOINT,
    /** An event breakpoint: the last step caused that allocator event. */
    EVENT_BREAKPOINT,
    /** Run to line: the statement on that line is about to run. */
    REACHED_LINE,
    /** An expect failed and the engine was told to stop on failures. */
    EXPECT_FAILED,
    /** Pause or cancel was requested. */
    PAUSED,
    /** The agent refused an op or died; reset to go on. */
    FAILED
}
