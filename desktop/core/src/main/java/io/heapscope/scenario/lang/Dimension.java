package io.heapscope.scenario.lang;

/**
 * What a number measures. Bare numbers are counts; a unit makes a size or a duration. Sizes are
 * held in bytes and durations in nanoseconds.
 */
public enum Dimension {
    COUNT("a plain number"),
    BYTES("a size"),
    TIME("a duration");

    private final String description;

    Dimension(String description) {
        this.description = description;
    }

    /** For messages: "a size", "a duration", "a plain number". */
    public String description() {
        return description;
    }

    /**
     * Writes a value of this dimension with the largest unit that divides it exactly, binary
     * units before decimal ones: {@code 50331648} bytes as {@code 48 MiB}, {@code 6000000} as
     * {@code 6 MB}. Fractional values are written as plain numbers.
     */
    public String format(double value) {
        if (this == COUNT || value != Math.rint(value) || Math.abs(value) >= 0x1p62) {
            return plain(value);
        }
        long whole = (long) value;
        for (Unit unit : Unit.displayOrder(this)) {
            if (whole != 0 && whole % unit.factor() == 0) {
                return (whole / unit.factor()) + " " + unit.symbol();
            }
        }
        return whole + " " + Unit.base(this).symbol();
    }

    /**
     * Writes a measured value of this dimension as people read it, rounded: sizes in binary units
     * ({@code 6840320} as {@code 6.5 MiB}, {@code 16777216} as {@code 16 MiB}, {@code 512 B}),
     * durations in ns, µs, ms or s ({@code 5 s}, {@code 1.5 ms}), counts as whole numbers
     * ({@code 8192}) or with four significant digits ({@code 1.805}). The one way the command
     * line and the window print a figure.
     */
    public String readable(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return switch (this) {
            case COUNT -> value == Math.rint(value) && Math.abs(value) < 0x1p62
                    ? Long.toString((long) value) : String.format(java.util.Locale.ROOT, "%.4g", value);
            case BYTES -> scaled(value, 1024, "B", "KiB", "MiB", "GiB", "TiB", "PiB");
            case TIME -> scaled(value, 1000, "ns", "µs", "ms", "s");
        };
    }

    private static String scaled(double value, double step, String... units) {
        double v = value;
        int unit = 0;
        while (Math.abs(v) >= step && unit < units.length - 1) {
            v /= step;
            unit++;
        }
        if (v == Math.rint(v)) {
            return String.format(java.util.Locale.ROOT, "%d %s", (long) v, units[unit]);
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[unit]);
    }

    private static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 0x1p62) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
