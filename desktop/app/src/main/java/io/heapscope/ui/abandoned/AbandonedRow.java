package io.heapscope.ui.abandoned;

/**
 * A segment that was abandoned at some point.
 *
 * @param segment     its address
 * @param status      "abandoned" (waiting) or "reclaimed"
 * @param abandonedAt virtual time of the last abandonment
 * @param abandonedBy the thread that exited
 * @param reclaimedBy the thread that took it over last, or "—"
 * @param reclaims    how many times it was reclaimed
 * @param pages       pages in use in it
 */
public record AbandonedRow(String segment, String status, String abandonedAt, String abandonedBy,
                           String reclaimedBy, long reclaims, int pages) {
}
