package io.heapscope.app.adapt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.heapscope.model.Page;
import io.heapscope.model.Segment;
import io.heapscope.ui.theme.Bytes;
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

    /**
     * The allocator reuses a thread's id once it exits (the id is where the thread's state
     * lives), so one id may belong to an exited thread and a running one. A segment is reclaimed
     * by a running thread, so its reclaimer is the running holder of the id, as the agent itself
     * maps ids; it is abandoned by a thread that has exited, so its abandoner is the exited holder.
     */
    public static List<AbandonedRow> abandoned(Snapshot s, List<String> names) {
        Map<Long, String> running = new HashMap<>();
        Map<Long, String> exited = new HashMap<>();
        for (ThreadInfo t : s.threads()) {
            (t.state() == ThreadInfo.State.EXITED ? exited : running)
                    .putIfAbsent(t.coreId(), SnapshotPictures.name(names, t.index()));
        }
        Map<Long, String> reclaimers = new HashMap<>(exited);
        reclaimers.putAll(running);
        Map<Long, String> abandoners = new HashMap<>(running);
        abandoners.putAll(exited);
        List<AbandonedRow> rows = new ArrayList<>();
        if (s.design().equals("v3")) {
            /* v3 abandons pages one by one; a snapshot says which, not who abandoned them */
            for (Page p : s.pages()) {
                if (p.abandoned()) {
                    rows.add(new AbandonedRow(String.format("page 0x%x", p.pageStart()),
                            String.format("abandoned page: %d of %d blocks of %s in use", p.used(), p.reserved(),
                                    Bytes.format(p.blockSize())), "—", "—", "—", 0, 1));
                }
            }
            return rows;
        }
        for (Segment seg : s.segments()) {
            if (seg.abandonedAt() < 0 && !seg.abandoned()) {
                continue;
            }
            rows.add(new AbandonedRow(String.format("0x%x", seg.address()), seg.abandoned() ? "abandoned" : "reclaimed",
                    seg.abandonedAt() >= 0 ? seg.abandonedAt() + " ms" : "—",
                    who(abandoners, seg.abandonedBy()), who(reclaimers, seg.reclaimedBy()), seg.reclaimCount(),
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
