package io.heapscope.model;

import java.util.Arrays;

/** An immutable bitmap (commit masks, arena bitmaps): 64 bits per word, bit i in word i / 64. */
public record Bits(long[] words) {
    public Bits {
        words = words.clone();
    }

    public static Bits of(long... words) {
        return new Bits(words);
    }

    @Override
    public long[] words() {
        return words.clone();
    }

    public int size() {
        return words.length * 64;
    }

    public boolean get(int bit) {
        return bit >= 0 && bit < size() && (words[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    public int cardinality() {
        int n = 0;
        for (long w : words) n += Long.bitCount(w);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bits b && Arrays.equals(words, b.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "Bits[" + cardinality() + " of " + size() + "]";
    }
}
