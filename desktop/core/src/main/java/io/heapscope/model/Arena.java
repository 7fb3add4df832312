package io.heapscope.model;

import java.util.Objects;

/**
 * A large reservation cut into blocks of one segment each, with one bit per block in each map.
 *
 * @param purgeExpire virtual-clock time of the next scheduled purge, 0 when none
 */
public record Arena(int id, long start, long size, long blockSize, long blockCount, long purgeExpire,
                    Bits inUse, Bits dirty, Bits committed, Bits purge, Bits abandoned) {
    public Arena {
        Objects.requireNonNull(inUse);
        Objects.requireNonNull(dirty);
        Objects.requireNonNull(committed);
        Objects.requireNonNull(purge);
        Objects.requireNonNull(abandoned);
    }
}
