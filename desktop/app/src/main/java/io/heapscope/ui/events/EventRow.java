package io.heapscope.ui.events;

/**
 * One allocator event of the current step.
 *
 * @param kind        the event's name (PAGE_EXTENDED, SEGMENT_ABANDONED, ...)
 * @param thread      the thread that caused it
 * @param explanation what happened and why, in plain language
 */
public record EventRow(String kind, String thread, String explanation) {
}
