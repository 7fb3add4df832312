/**
 * The snapshot model: immutable records decoded from the agent (see {@code native/PROTOCOL.md}),
 * drawn by the views, exported to JSON and read back. No JavaFX here.
 *
 * <p>A {@link io.heapscope.model.Snapshot} is a whole picture of one agent at one moment; a
 * {@link io.heapscope.model.SnapshotDelta} is what changed since the previous one, and
 * {@link io.heapscope.model.Snapshot#apply(SnapshotUpdate)} turns the previous snapshot and a
 * delta into the next snapshot. Addresses are {@code long}s; thread indices are scenario thread
 * numbers ({@link io.heapscope.model.ThreadInfo#NONE} when a thing belongs to no scenario thread).
 */
package io.heapscope.model;
