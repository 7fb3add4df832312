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

    private static String plain(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 0x1p62) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
