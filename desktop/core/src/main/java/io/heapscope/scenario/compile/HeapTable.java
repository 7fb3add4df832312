package io.heapscope.scenario.compile;

import io.heapscope.scenario.op.Origin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * First-class heaps while unrolling. Each {@code new heap} gets a fresh id, so a name reused
 * after {@code delete heap} is a different heap; id 0 stands for whichever thread's backing heap.
 */
final class HeapTable {

    static final int BACKING_ID = 0;

    static final class Heap {
        final String name;
        final String owner;
        final int id;
        final Origin created;
        boolean alive = true;
        /** The statement that deleted or destroyed the heap, or made its thread exit. */
        Origin ended;
        /** How it ended, for messages: "deleted", "destroyed", "deleted when 'w' exited". */
        String endedHow;

        Heap(String name, String owner, int id, Origin created) {
            this.name = name;
            this.owner = owner;
            this.id = id;
            this.created = created;
        }
    }

    private final Map<String, Heap> byName = new HashMap<>();
    private int nextId = BACKING_ID + 1;

    /** The latest heap with this name, alive or not. */
    Optional<Heap> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    Heap create(String name, String owner, Origin origin) {
        Heap heap = new Heap(name, owner, nextId++, origin);
        byName.put(name, heap);
        return heap;
    }

    List<Heap> aliveOwnedBy(String thread) {
        return byName.values().stream().filter(h -> h.alive && h.owner.equals(thread)).toList();
    }
}
