package io.heapscope.engine;

import io.heapscope.agent.Protocol;
import io.heapscope.scenario.op.HandleKey;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps scenario handle keys to agent handle ids and mirrors what the agent knows of each id.
 *
 * <p>Every allocation gets a <em>fresh</em> agent id: a key that is allocated again while its old
 * block is live leaks that block (as the scenario wrote), and a freed id stays bound to its key,
 * so the engine can tell a double free from a free of a never-allocated key. An id is recycled only
 * once it is freed <em>and</em> no key names it any more, which keeps ids below the agent's
 * 2^24 limit however long the scenario runs.
 */
final class HandleTable {

    /** What the agent knows of an id (its handle states). */
    enum State { NEVER, LIVE, FREED, DESTROYED }

    private static final State[] STATES = State.values();

    private final Map<HandleKey, Integer> ids = new HashMap<>();
    private final ArrayDeque<Integer> recycled = new ArrayDeque<>();
    private byte[] state = new byte[1024];
    private int[] heap = new int[1024];
    private long[] size = new long[1024];
    private long[] address = new long[1024];
    private int next = 1;

    /** A fresh id for a new allocation into {@code key} in {@code heapId}; the key's old id is released. */
    int allocate(HandleKey key, int heapId, long bytes) {
        release(key);
        int id = recycled.isEmpty() ? next++ : recycled.pop();
        if (id >= Protocol.HANDLE_MAX) {
            throw new IllegalStateException("more than " + (Protocol.HANDLE_MAX - 1)
                    + " blocks are live or reachable at once; the agent cannot name more");
        }
        grow(id);
        ids.put(key, id);
        state[id] = (byte) State.LIVE.ordinal();
        heap[id] = heapId;
        size[id] = bytes;
        address[id] = 0;
        return id;
    }

    /** The id bound to {@code key}, or 0 when the key was never allocated. */
    int id(HandleKey key) {
        Integer id = ids.get(key);
        return id == null ? 0 : id;
    }

    State state(int id) {
        return id <= 0 || id >= next ? State.NEVER : STATES[state[id]];
    }

    long size(int id) {
        return size[id];
    }

    /** The agent placed {@code id}'s block at {@code at} (an allocation or a move by realloc). */
    void placed(int id, long at) {
        if (id > 0 && id < next) {
            address[id] = at;
        }
    }

    /** The address of the block {@code key} holds (its latest allocation, live or freed); 0 when unknown. */
    long address(HandleKey key) {
        int id = id(key);
        return id == 0 ? 0 : address[id];
    }

    void freed(int id) {
        state[id] = (byte) State.FREED.ordinal();
    }

    void resized(int id, long bytes) {
        size[id] = bytes;
    }

    /** {@code to = realloc from}: the id moves from key {@code from} to key {@code to}. */
    void rebind(HandleKey from, HandleKey to) {
        if (from.equals(to)) {
            return;
        }
        int id = id(from);
        ids.remove(from);
        release(to);
        ids.put(to, id);
    }

    /** The heap was destroyed: its live blocks are gone, their ids are destroyed (as the agent does). */
    void heapDestroyed(int heapId) {
        for (int id = 1; id < next; id++) {
            if (state[id] == State.LIVE.ordinal() && heap[id] == heapId) {
                state[id] = (byte) State.DESTROYED.ordinal();
                heap[id] = 0;
            }
        }
    }

    /** The heap was deleted: its live blocks now belong to the backing heap (id 0). */
    void heapDeleted(int heapId) {
        for (int id = 1; id < next; id++) {
            if (state[id] == State.LIVE.ordinal() && heap[id] == heapId) {
                heap[id] = 0;
            }
        }
    }

    /** The highest id handed out so far plus one. */
    int high() {
        return next;
    }

    private void release(HandleKey key) {
        Integer old = ids.remove(key);
        if (old != null && state[old] == State.FREED.ordinal()) {
            recycled.push(old);
        }
    }

    private void grow(int id) {
        if (id < state.length) {
            return;
        }
        int n = Math.max(id + 1, state.length * 2);
        state = Arrays.copyOf(state, n);
        heap = Arrays.copyOf(heap, n);
        size = Arrays.copyOf(size, n);
        address = Arrays.copyOf(address, n);
    }
}
