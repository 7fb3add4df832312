package io.heapscope.app.adapt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.heapscope.model.Page;
import io.heapscope.model.Segment;
import io.heapscope.model.Snapshot;
import io.heapscope.model.ThreadInfo;
import io.heapscope.ui.abandoned.AbandonedRow;
import io.heapscope.ui.threads.ThreadRow;

/** The table views' rows for one snapshot. No JavaFX. */
public final class SnapshotTables {

    private SnapshotTables() {
    }

    public static List<ThreadRow> threads(Snapshot s, List<String> names) {
        List<ThreadRow> rows = new ArrayList<>();
        for (ThreadInfo t : s.threads()) {
            int heaps = (int) s.heaps().stream().filter(h -> h.thread() == t.index()).count();
            long pendingBytes = 0;
            int pages = 0;
            for (Page p : s.pagesOfThread(t.index())) {
                pages++;
                pendingBytes += p.pendingBytes();
            }
            rows.add(new ThreadRow(t.index(), SnapshotPictures.name(names, t.index()), state(t.state()), heaps, pages,
                    t.ownedSegments(), t.pendingBlocks(), pendingBytes));
        }
        return rows;
    }

    public static List<AbandonedRow> abandoned(Snapshot s, List<String> names) {
        Map<Long, String> byCoreId = new HashMap<>();
        for (ThreadInfo t : s.threads()) {
            byCoreId.put(t.coreId(), SnapshotPictures.name(names, t.index()));
        }
        List<AbandonedRow> rows = new ArrayList<>();
        for (Segment seg : s.segments()) {
            if (seg.abandonedAt() < 0 && !seg.abandoned()) {
                continue;
            }
            rows.add(new AbandonedRow(String.format("0x%x", seg.address()), seg.abandoned() ? "abandoned" : "reclaimed",
                    seg.abandonedAt() >= 0 ? seg.abandonedAt() + " ms" : "—",
                    who(byCoreId, seg.abandonedBy()), who(byCoreId, seg.reclaimedBy()), seg.reclaimCount(),
                    seg.usedPages()));
        }
        return rows;
    }

    private static String who(Map<Long, String> byCoreId, long coreId) {
        return coreId == 0 ? "—" : byCoreId.getOrDefault(coreId, "thread #" + coreId);
    }

    private static String state(ThreadInfo.State st) {
        return switch (st) {
            case READY -> "running";
            case PARKED -> "parked";
            case EXITED -> "exited";
        };
    }
}
