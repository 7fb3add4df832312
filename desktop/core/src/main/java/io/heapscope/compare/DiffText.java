package io.heapscope.compare;

import java.util.List;
import java.util.stream.Collectors;

/** {@link SnapshotDiff} as text for the terminal: one line per change, addresses in hex. */
public final class DiffText {

    private DiffText() {
    }

    public static String render(SnapshotDiff d, String before, String after) {
        StringBuilder sb = new StringBuilder();
        sb.append("diff ").append(before).append(" -> ").append(after).append('\n');
        if (d.empty()) {
            sb.append("no structural change\n");
        }
        section(sb, "segments", d.segmentsAdded(), d.segmentsRemoved(), d.segmentsChanged());
        section(sb, "pages", d.pagesAdded(), d.pagesRemoved(), d.pagesChanged());
        if (!d.blocksCompared()) {
            sb.append("blocks: not compared (a snapshot was taken without block states)\n");
        } else if (!d.blockChanges().isEmpty()) {
            sb.append("blocks on pages in both: ").append(moves(d.blockChanges())).append('\n');
        }
        if (!d.sizeClasses().isEmpty()) {
            sb.append("size classes:\n");
            for (SnapshotDiff.SizeClass c : d.sizeClasses()) {
                sb.append(String.format("  %8d B  pages %d -> %d (%s)  used %d -> %d (%s)  bytes %d -> %d (%s)%n",
                        c.blockSize(), c.pagesBefore(), c.pagesAfter(), signed(c.pagesAfter() - c.pagesBefore()),
                        c.usedBefore(), c.usedAfter(), signed(c.usedAfter() - c.usedBefore()),
                        c.usedBytesBefore(), c.usedBytesAfter(), signed(c.usedBytesAfter() - c.usedBytesBefore())));
            }
        }
        return sb.toString();
    }

    private static void section(StringBuilder sb, String what, List<Long> added, List<Long> removed,
                                List<SnapshotDiff.Change> changed) {
        sb.append(what).append(": ").append(added.size()).append(" added, ").append(removed.size())
                .append(" removed, ").append(changed.size()).append(" changed\n");
        added.forEach(a -> sb.append("  + ").append(hex(a)).append('\n'));
        removed.forEach(a -> sb.append("  - ").append(hex(a)).append('\n'));
        for (SnapshotDiff.Change c : changed) {
            sb.append("  ~ ").append(hex(c.address()));
            String fields = c.fields().stream().map(f -> f.name() + " " + f.before() + " -> " + f.after())
                    .collect(Collectors.joining(", "));
            if (!fields.isEmpty()) sb.append("  ").append(fields);
            if (!c.blocks().isEmpty()) sb.append("  blocks ").append(moves(c.blocks()));
            sb.append('\n');
        }
    }

    private static String moves(List<SnapshotDiff.Transition> moves) {
        return moves.stream().map(t -> t.from() + "->" + t.to() + " " + t.count()).collect(Collectors.joining(", "));
    }

    private static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    private static String signed(long n) {
        return n >= 0 ? "+" + n : Long.toString(n);
    }
}
