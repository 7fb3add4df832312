package io.heapscope.agent;

/**
 * What a snapshot includes besides the structure.
 *
 * @param blocks per-block states of every page
 * @param stats  the allocator's statistics (STATS and BINS records)
 * @param text   the allocator's own report (system backend)
 */
public record SnapshotOptions(boolean blocks, boolean stats, boolean text) {
    public static final SnapshotOptions STRUCTURE = new SnapshotOptions(false, false, false);
    public static final SnapshotOptions ALL = new SnapshotOptions(true, true, false);

    int flags() {
        return (blocks ? Protocol.SNAP_BLOCKS : 0) | (stats ? Protocol.SNAP_STATS : 0) | (text ? Protocol.SNAP_TEXT : 0);
    }
}
