package io.heapscope.ui.addressspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Made-up address spaces for tests and benchmarks (not allocator output). */
final class SyntheticSpaces {

    static final long SEGMENT = 32L << 20;
    static final int SLICES = 512;

    private SyntheticSpaces() {
    }

    /**
     * {@code segments} segments of one arena, every slice in use: slice 0 metadata, then a mix of
     * small (1 slice) and medium (8 slice) pages owned by {@code threads} threads.
     */
    static AddressSpaceData fullArena(int segments, int threads, long seed) {
        Random random = new Random(seed);
        List<SegmentSlices> list = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            byte[] kinds = new byte[SLICES];
            int[] owners = new int[SLICES];
            int[] spanStart = new int[SLICES];
            String[] notes = new String[SLICES];
            int owner = s % threads;
            kinds[0] = SliceKind.META.code();
            owners[0] = owner;
            int i = 1;
            while (i < SLICES) {
                boolean medium = random.nextInt(4) == 0 && i + 8 <= SLICES;
                int len = medium ? 8 : 1;
                for (int k = i; k < i + len; k++) {
                    kinds[k] = (medium ? SliceKind.MEDIUM : SliceKind.SMALL).code();
                    owners[k] = owner;
                    spanStart[k] = i;
                }
                notes[i] = (medium ? "16 KiB" : "64 B") + " blocks";
                i += len;
            }
            list.add(new SegmentSlices(0x7f0000000000L + s * SEGMENT, 0, kinds, owners, spanStart, notes, false));
        }
        return new AddressSpaceData(list, threadNames(threads), AddressSpaceData.DEFAULT_SLICE_SIZE);
    }

    /** A small, varied space: 3 segments over 2 arenas, with free, purged and uncommitted spans. */
    static AddressSpaceData mixed() {
        List<SegmentSlices> list = new ArrayList<>();
        list.add(segment(0x10000000L, 0, 0, false, new int[][] {
            {SliceKind.META.ordinal(), 1}, {SliceKind.SMALL.ordinal(), 1}, {SliceKind.SMALL.ordinal(), 1},
            {SliceKind.MEDIUM.ordinal(), 8}, {SliceKind.FREE.ordinal(), 20}, {SliceKind.PURGED.ordinal(), 30},
            {SliceKind.UNCOMMITTED.ordinal(), 451}}));
        list.add(segment(0x12000000L, 0, 1, false, new int[][] {
            {SliceKind.META.ordinal(), 1}, {SliceKind.LARGE.ordinal(), 40}, {SliceKind.FREE.ordinal(), 471}}));
        list.add(segment(0x40000000L, 1, 1, true, new int[][] {
            {SliceKind.META.ordinal(), 1}, {SliceKind.SMALL.ordinal(), 1}, {SliceKind.UNCOMMITTED.ordinal(), 510}}));
        return new AddressSpaceData(list, threadNames(2), AddressSpaceData.DEFAULT_SLICE_SIZE);
    }

    /** A segment built from runs of {kind ordinal, slice count}; page runs are one span each. */
    static SegmentSlices segment(long address, int arena, int owner, boolean abandoned, int[][] runs) {
        byte[] kinds = new byte[SLICES];
        int[] owners = new int[SLICES];
        int[] spanStart = new int[SLICES];
        String[] notes = new String[SLICES];
        int i = 0;
        for (int[] run : runs) {
            SliceKind kind = SliceKind.values()[run[0]];
            int start = i;
            for (int k = 0; k < run[1]; k++, i++) {
                kinds[i] = kind.code();
                owners[i] = kind.isPage() || kind == SliceKind.META ? owner : -1;
                spanStart[i] = kind == SliceKind.SMALL ? i : start;
            }
        }
        return new SegmentSlices(address, arena, kinds, owners, spanStart, notes, abandoned);
    }

    static List<String> threadNames(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(i == 0 ? "main" : "worker" + i);
        }
        return names;
    }
}
