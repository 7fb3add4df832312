package io.heapscope.ui.theme;

/** Byte counts as people read them: 0 B, 512 B, 64 KiB, 1.5 MiB, 1 GiB. */
public final class Bytes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Bytes() {
    }

    public static String format(long bytes) {
        if (bytes < 1024 && bytes > -1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        if (v == Math.rint(v)) {
            return String.format("%d %s", (long) v, UNITS[unit]);
        }
        return String.format("%.1f %s", v, UNITS[unit]);
    }
}
