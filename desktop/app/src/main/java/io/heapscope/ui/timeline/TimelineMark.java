package io.heapscope.ui.timeline;

/** A scenario's {@code mark NAME} line, at the step where the run takes it; drawn on the x axis. */
public record TimelineMark(long step, String name) {
}
