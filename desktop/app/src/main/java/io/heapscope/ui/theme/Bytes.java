package io.heapscope.ui.theme;

import io.heapscope.scenario.lang.Dimension;

/** Byte counts as people read them: 0 B, 512 B, 64 KiB, 1.5 MiB, 1 GiB. */
public final class Bytes {

    private Bytes() {
    }

    /** {@link Dimension#readable} for sizes: the command line prints figures the same way. */
    public static String format(long bytes) {
        return Dimension.BYTES.readable(bytes);
    }
}
