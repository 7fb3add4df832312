package io.heapscope.model;

/** Live blocks and pages of one size bin (0..73 by size class, 74 = the full queue). */
public record Bin(int bin, long blocks, long pages) {}
