package io.heapscope.model;

import java.util.Objects;

/**
 * Something the allocator did, tied to the operation that caused it.
 *
 * @param kind     event kind name ({@code PAGE_EXTENDED}, {@code SEGMENT_ABANDONED}, ...)
 * @param thread   scenario thread that caused it, {@link ThreadInfo#NONE} for the agent
 * @param opSerial serial number of the causing operation over the agent's life
 * @param opIndex  index of the causing operation in its batch
 */
public record Event(String kind, int thread, long opSerial, int opIndex, long segment, long page,
                    long address, long size, long count) {
    public Event {
        Objects.requireNonNull(kind);
    }
}
