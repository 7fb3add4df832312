package io.heapscope.model;

/** Something a delta says no longer exists. Removing a segment removes its pages too. */
public record Removed(What what, long key) {
    public enum What { SEGMENT, PAGE, HEAP }
}
