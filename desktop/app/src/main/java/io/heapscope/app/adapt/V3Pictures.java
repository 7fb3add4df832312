package io.heapscope.app.adapt;

import io.heapscope.model.Arena;
import io.heapscope.model.Page;
import io.heapscope.model.Snapshot;
import io.heapscope.ui.addressspace.AddressSpaceData;
import io.heapscope.ui.addressspace.SegmentSlices;
import io.heapscope.ui.addressspace.SliceKind;
import io.heapscope.ui.theme.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The address space under the core's v3 design: arenas straight to pages, with no segment level.
 * An arena's 64 KiB slices are drawn in rows of 512, the chunks v3's arena bitmaps are made of
 * (32 MiB each); a chunk with nothing committed and no page is left out. A slice of a page takes
 * its page's kind and owner (none while the page is abandoned); a free slice is free (committed),
 * purged (scheduled, or given back) or uncommitted, from the arena's bitmaps.
 */
final class V3Pictures {
    static final int CHUNK_SLICES = 512;

    private V3Pictures() {
    }

    static AddressSpaceData addressSpace(Snapshot snapshot, List<String> threadNames) {
        Map<Long, Page> pageAt = new HashMap<>();   /* arena start + first slice -> page */
        for (Page p : snapshot.pages()) {
            pageAt.put(p.segment() + p.sliceIndex(), p);
        }
        List<SegmentSlices> rows = new ArrayList<>();
        for (Arena a : snapshot.arenas()) {
            int slices = (int) Math.min(Integer.MAX_VALUE, a.blockCount());
            for (int first = 0; first < slices; first += CHUNK_SLICES) {
                SegmentSlices row = chunk(a, first, Math.min(CHUNK_SLICES, slices - first), pageAt);
                if (row != null) {
                    rows.add(row);
                }
            }
        }
        return new AddressSpaceData(rows, threadNames, AddressSpaceData.DEFAULT_SLICE_SIZE, "arena chunk");
    }

    /* One chunk's row; null when nothing in it is committed or in use. */
    private static SegmentSlices chunk(Arena a, int first, int n, Map<Long, Page> pageAt) {
        byte[] kinds = new byte[n];
        int[] owners = new int[n];
        int[] spanStart = new int[n];
        String[] notes = new String[n];
        Arrays.fill(owners, -1);
        boolean used = false;
        for (int i = 0; i < n;) {
            int slice = first + i;
            Page page = pageAt.get(a.start() + slice);
            if (page != null) {
                int end = Math.min(n, i + Math.max(1, page.sliceCount()));
                for (int k = i; k < end; k++) {
                    kinds[k] = kind(page).code();
                    owners[k] = SnapshotPictures.owner(page.thread());
                    spanStart[k] = i;
                }
                notes[i] = String.format("%s blocks: %d used of %d reserved, %d waiting on thread_free%s",
                        Bytes.format(page.blockSize()), page.used(), page.reserved(), page.threadFreeCount(),
                        page.abandoned() ? "; abandoned: any thread's free may claim it" : "");
                used = true;
                i = end;
                continue;
            }
            SliceKind k = a.committed().get(slice) ? (a.purge().get(slice) ? SliceKind.PURGED : SliceKind.FREE)
                    : a.dirty().get(slice) ? SliceKind.FREE : SliceKind.UNCOMMITTED;
            if (k == SliceKind.UNCOMMITTED && a.inUse().get(slice)) {
                k = SliceKind.SMALL;   /* a page outside this snapshot's pages: still in use */
            }
            used |= (k != SliceKind.UNCOMMITTED);
            kinds[i] = k.code();
            spanStart[i] = i;
            i++;
        }
        if (!used) {
            return null;
        }
        long address = a.start() + (long) first * AddressSpaceData.DEFAULT_SLICE_SIZE;
        return new SegmentSlices(address, a.id(), kinds, owners, spanStart, notes, false);
    }

    private static SliceKind kind(Page page) {
        return switch (page.kind()) {
            case SMALL -> SliceKind.SMALL;
            case MEDIUM -> SliceKind.MEDIUM;
            case LARGE -> SliceKind.LARGE;
            case HUGE -> SliceKind.HUGE;
        };
    }
}
