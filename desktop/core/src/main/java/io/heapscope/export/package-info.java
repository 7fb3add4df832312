/**
 * Files written from a run: a snapshot as versioned JSON ({@link io.heapscope.export.SnapshotJson},
 * format in {@code docs/snapshot-format.md}, schema in {@code docs/snapshot.schema.json}), read back
 * into the same model records, and the history of figures as CSV
 * ({@link io.heapscope.export.HistoryCsv}). No JavaFX here.
 */
package io.heapscope.export;
