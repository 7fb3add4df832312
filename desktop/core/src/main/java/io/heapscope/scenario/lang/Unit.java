package io.heapscope.scenario.lang;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Units a number can carry. KiB, MiB, GiB and TiB are powers of 1024; KB, MB, GB and TB are powers
 * of 1000, as on a disk label. Symbols are case-sensitive ({@code MB} is not {@code Mb}).
 * {@link #NONE} marks a bare number.
 */
public enum Unit {
    NONE("", Dimension.COUNT, 1),
    B("B", Dimension.BYTES, 1),
    KIB("KiB", Dimension.BYTES, 1L << 10),
    MIB("MiB", Dimension.BYTES, 1L << 20),
    GIB("GiB", Dimension.BYTES, 1L << 30),
    TIB("TiB", Dimension.BYTES, 1L << 40),
    KB("KB", Dimension.BYTES, 1_000L),
    MB("MB", Dimension.BYTES, 1_000_000L),
    GB("GB", Dimension.BYTES, 1_000_000_000L),
    TB("TB", Dimension.BYTES, 1_000_000_000_000L),
    NS("ns", Dimension.TIME, 1),
    US("us", Dimension.TIME, 1_000L),
    MS("ms", Dimension.TIME, 1_000_000L),
    S("s", Dimension.TIME, 1_000_000_000L);

    private final String symbol;
    private final Dimension dimension;
    private final long factor;

    Unit(String symbol, Dimension dimension, long factor) {
        this.symbol = symbol;
        this.dimension = dimension;
        this.factor = factor;
    }

    public String symbol() {
        return symbol;
    }

    public Dimension dimension() {
        return dimension;
    }

    /** How many bytes or nanoseconds one of this unit is. */
    public long factor() {
        return factor;
    }

    /** The unit whose symbol is exactly {@code text}. */
    public static Optional<Unit> bySymbol(String text) {
        return Arrays.stream(values())
                .filter(u -> u != NONE && u.symbol.equals(text))
                .findFirst();
    }

    /** Every symbol, comma-separated, for messages. */
    public static String symbols() {
        return Arrays.stream(values())
                .filter(u -> u != NONE)
                .map(Unit::symbol)
                .collect(Collectors.joining(", "));
    }

    /** All symbols, for suggestions. */
    public static List<String> symbolList() {
        return Arrays.stream(values()).filter(u -> u != NONE).map(Unit::symbol).toList();
    }

    static List<Unit> displayOrder(Dimension dimension) {
        return switch (dimension) {
            case BYTES -> List.of(TIB, GIB, MIB, KIB, TB, GB, MB, KB);
            case TIME -> List.of(S, MS, US);
            case COUNT -> List.of();
        };
    }

    static Unit base(Dimension dimension) {
        return switch (dimension) {
            case BYTES -> B;
            case TIME -> NS;
            case COUNT -> NONE;
        };
    }
}
