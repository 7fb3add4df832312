package io.heapscope.scenario.compile;

import io.heapscope.scenario.op.HandleKey;
import java.util.HashMap;
import java.util.Map;

/**
 * What the compiler knows about every key of one handle name while unrolling: whether the key
 * holds a live block, where that last changed, which heap the block came from, and the key's id
 * in the {@link OpBuffer}. Arrays are stored in chunks of 1024
 * indexes, created on first use, so sparse indexes cost little and dense ones cost a few bytes
 * each; a single handle is index 0 of a one-slot chunk.
 */
final class Handles {

    /** The key was never allocated. */
    static final byte NEVER = 0;
    /** The key holds a live block. */
    static final byte LIVE = 1;
    /** The key's block was freed (or moved away by realloc, or destroyed with its heap). */
    static final byte RELEASED = 2;

    private static final int ARRAY_CHUNK_BITS = 10;

    private final String name;
    private final int nameId;
    private final boolean array;
    private final int chunkBits;
    private final Map<Integer, Chunk> chunks = new HashMap<>();
    private Chunk lastChunk;
    private int lastChunkNumber = -1;

    Handles(String name, int nameId, boolean array) {
        this.name = name;
        this.nameId = nameId;
        this.array = array;
        this.chunkBits = array ? ARRAY_CHUNK_BITS : 0;
    }

    String name() {
        return name;
    }

    /** The key id of {@code index} (0 for a single handle), created in {@code ops} on first use. */
    int key(int index, OpBuffer ops) {
        Chunk chunk = chunk(index, true);
        int slot = slot(index);
        if (chunk.keyId[slot] == 0) {
            chunk.keyId[slot] = ops.newKey(nameId, array ? index : HandleKey.NO_INDEX) + 1;
        }
        return chunk.keyId[slot] - 1;
    }

    byte state(int index) {
        Chunk chunk = chunk(index, false);
        return chunk == null ? NEVER : chunk.state[slot(index)];
    }

    /** The statement that last allocated or released the key. */
    int changedBy(int index) {
        Chunk chunk = chunk(index, false);
        return chunk == null ? -1 : chunk.changedBy[slot(index)];
    }

    int heap(int index) {
        Chunk chunk = chunk(index, false);
        return chunk == null ? 0 : chunk.heap[slot(index)];
    }

    void set(int index, byte state, int statement, int heap) {
        Chunk chunk = chunk(index, true);
        int slot = slot(index);
        chunk.state[slot] = state;
        chunk.changedBy[slot] = statement;
        chunk.heap[slot] = heap;
    }

    /** Live blocks of heap {@code from} now belong to heap {@code to} (a deleted heap's blocks). */
    void moveLive(int from, int to) {
        for (Chunk chunk : chunks.values()) {
            for (int slot = 0; slot < chunk.state.length; slot++) {
                if (chunk.state[slot] == LIVE && chunk.heap[slot] == from) {
                    chunk.heap[slot] = to;
                }
            }
        }
    }

    /** Live blocks of {@code heap} are released by {@code statement} (its heap was destroyed). */
    void releaseLive(int heap, int statement) {
        for (Chunk chunk : chunks.values()) {
            for (int slot = 0; slot < chunk.state.length; slot++) {
                if (chunk.state[slot] == LIVE && chunk.heap[slot] == heap) {
                    chunk.state[slot] = RELEASED;
                    chunk.changedBy[slot] = statement;
                }
            }
        }
    }

    /** {@code hotel[17]} or {@code a}, for messages, without creating a key. */
    String describe(int index) {
        return array ? name + "[" + index + "]" : name;
    }

    private Chunk chunk(int index, boolean create) {
        int number = index >>> chunkBits;
        if (number == lastChunkNumber) {
            return lastChunk;
        }
        Chunk chunk = chunks.get(number);
        if (chunk == null) {
            if (!create) {
                return null;
            }
            chunk = new Chunk(1 << chunkBits);
            chunks.put(number, chunk);
        }
        lastChunk = chunk;
        lastChunkNumber = number;
        return chunk;
    }

    private int slot(int index) {
        return index & ((1 << chunkBits) - 1);
    }

    private static final class Chunk {
        final byte[] state;
        final int[] changedBy;
        final int[] heap;
        /** Key id + 1; 0 until the key is first used. */
        final int[] keyId;

        Chunk(int size) {
            state = new byte[size];
            changedBy = new int[size];
            heap = new int[size];
            keyId = new int[size];
        }
    }
}
