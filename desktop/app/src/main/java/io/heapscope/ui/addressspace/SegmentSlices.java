package io.heapscope.ui.addressspace;

import java.util.Objects;

/**
 * One segment as the address-space view draws it: per slice, what it holds and who owns it.
 *
 * @param address   the segment's base address
 * @param arena     the index of the arena it came from, or -1 for memory straight from the OS
 * @param kinds     per slice, a {@link SliceKind} code
 * @param owners    per slice, the index of the owning scenario thread (0-based), or -1 for none
 * @param spanStart per slice, the index of the first slice of the span (page or free span) it
 *                  belongs to; a slice that starts its span holds its own index
 * @param notes     per slice, an optional one-line description of the span that starts there
 *                  (e.g. "64 B blocks, 812 of 1,017 used"); may hold nulls
 * @param abandoned true when the segment's owner exited and no thread has reclaimed it yet
 * @param serial    the core's number for the segment, in allocation order: the same in every run
 *                  (and replay) of a scenario, where the address is not; -1 when unknown
 * @param live      per slice of a page, the share of the page's blocks that are live (handed out
 *                  and not freed by any thread), in percent; -1 elsewhere or when unknown
 */
public record SegmentSlices(long address, int arena, byte[] kinds, int[] owners, int[] spanStart,
                            String[] notes, boolean abandoned, long serial, byte[] live) {

    /** A segment without a known serial (tests, synthetic views): it is known by its address. */
    public SegmentSlices(long address, int arena, byte[] kinds, int[] owners, int[] spanStart, String[] notes,
                         boolean abandoned) {
        this(address, arena, kinds, owners, spanStart, notes, abandoned, -1, unknown(kinds.length));
    }

    private static byte[] unknown(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) -1);
        return b;
    }

    public SegmentSlices {
        Objects.requireNonNull(kinds, "kinds");
        Objects.requireNonNull(owners, "owners");
        Objects.requireNonNull(spanStart, "spanStart");
        Objects.requireNonNull(notes, "notes");
        int n = kinds.length;
        Objects.requireNonNull(live, "live");
        if (owners.length != n || spanStart.length != n || notes.length != n || live.length != n) {
            throw new IllegalArgumentException("per-slice arrays differ in length");
        }
    }

    public int sliceCount() {
        return kinds.length;
    }

    public SliceKind kind(int slice) {
        return SliceKind.of(kinds[slice]);
    }

    /** Index one past the last slice of the span that contains {@code slice}. */
    public int spanEnd(int slice) {
        int start = spanStart[slice];
        int end = slice + 1;
        while (end < kinds.length && spanStart[end] == start) {
            end++;
        }
        return end;
    }
}
