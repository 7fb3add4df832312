package io.heapscope.model;

/** What a SNAPSHOT reply carries: a whole {@link Snapshot} or a {@link SnapshotDelta}. */
public sealed interface SnapshotUpdate permits Snapshot, SnapshotDelta {
    /** This picture's serial number (1, 2, ... per agent). */
    long serial();

    /** Operations the agent had executed when it was taken. */
    long opSerial();
}
