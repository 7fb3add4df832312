package io.heapscope.model;

import java.util.List;

/**
 * What a system allocator says about its own structure at one moment: its per-size-class table
 * and, where it has a visitor (mimalloc), its real pages sorted by address.
 */
public record SystemStructure(ClassTable classes, List<SystemPage> pages) {
    /** Nothing reported (core backend, or a snapshot without statistics). */
    public static final SystemStructure NONE = new SystemStructure(ClassTable.NONE, List.of());

    public SystemStructure {
        pages = pages.stream().sorted((a, b) -> Long.compareUnsigned(a.address(), b.address())).toList();
    }
}
