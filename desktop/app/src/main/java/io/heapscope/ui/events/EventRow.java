package io.heapscope.ui.events;

/**
 * One allocator event of the run.
 *
 * @param step        the step that caused it (it happened going from {@code step} to {@code step + 1})
 * @param kind        the event's name (PAGE_EXTENDED, SEGMENT_ABANDONED, ...)
 * @param thread      the thread that caused it
 * @param explanation what happened and why, in plain language
 */
public record EventRow(long step, String kind, String thread, String explanation) {
}
