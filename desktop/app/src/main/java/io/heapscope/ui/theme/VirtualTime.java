package io.heapscope.ui.theme;

import java.util.Locale;

/** The virtual clock as the window shows it: {@code 0 ms}, {@code 250 µs}, {@code 12.5 ms}, {@code 5 s}. */
public final class VirtualTime {

    private VirtualTime() {
    }

    public static String format(long nanos) {
        if (nanos == 0) {
            return "0 ms";
        }
        if (nanos < 1_000_000L) {
            return nanos % 1000 == 0 ? (nanos / 1000) + " µs" : nanos + " ns";
        }
        if (nanos < 1_000_000_000L) {
            return trim(nanos / 1e6) + " ms";
        }
        return trim(nanos / 1e9) + " s";
    }

    private static String trim(double v) {
        String t = String.format(Locale.ROOT, "%.3f", v);
        t = t.replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
