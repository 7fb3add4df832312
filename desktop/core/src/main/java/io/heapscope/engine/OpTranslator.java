package io.heapscope.engine;

import io.heapscope.agent.Hello;
import io.heapscope.agent.Op;
import io.heapscope.agent.Protocol;
import io.heapscope.scenario.op.HandleKey;
import io.heapscope.scenario.op.Op.Alloc;
import io.heapscope.scenario.op.Op.Collect;
import io.heapscope.scenario.op.Op.Expect;
import io.heapscope.scenario.op.Op.Free;
import io.heapscope.scenario.op.Op.HeapDelete;
import io.heapscope.scenario.op.Op.HeapDestroy;
import io.heapscope.scenario.op.Op.HeapNew;
import io.heapscope.scenario.op.Op.HeapSetDefault;
import io.heapscope.scenario.op.Op.Mark;
import io.heapscope.scenario.op.Op.Realloc;
import io.heapscope.scenario.op.Op.SetOption;
import io.heapscope.scenario.op.Op.Sleep;
import io.heapscope.scenario.op.Op.ThreadExit;
import io.heapscope.scenario.op.Op.ThreadPark;
import io.heapscope.scenario.op.Op.ThreadStart;
import io.heapscope.scenario.op.Op.ThreadWake;
import io.heapscope.scenario.op.Op.Touch;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the compiler's ops into the agent's, one run at a time (numbering restarts with each
 * agent): thread names become indices, handle keys agent handle ids ({@link HandleTable}), heap
 * names heap ids, sleeps clock advances in whole milliseconds (the remainder carries over).
 *
 * <p>Some ops have no agent counterpart or would be refused by the agent; they send nothing and
 * leave a note instead: {@code wake} (a parked thread wakes on its next op), {@code park} of a parked
 * thread, frees, touches and reallocs of freed or destroyed blocks (the agent refuses them; see
 * the engine's report), and options on the system backend, which has none.
 *
 * <p>The thread named {@value #PROCESS_MAIN_THREAD} is the process's main thread: it runs on the
 * agent's main thread (see {@link Op.ThreadStart}), so that its forced collect adopts abandoned
 * segments as mimalloc's main thread does, while every other thread's does not.
 */
final class OpTranslator {

    /** The scenario thread that runs on the process's main thread. */
    static final String PROCESS_MAIN_THREAD = "main";

    /** Where translated ops and notes go. */
    interface Sink {
        void send(Op op);

        void note(String message);
    }

    /** The agent touches at most this much per op; bigger blocks take several. */
    private static final long TOUCH_CHUNK = 1L << 30;
    private static final byte TOUCH_VALUE = (byte) 0xA5;

    private enum ThreadState { NEW, READY, PARKED, EXITED }

    private final Map<String, Integer> threads = new HashMap<>();
    private final ThreadState[] threadStates;
    private final Map<String, Integer> heaps = new HashMap<>();
    private final HandleTable handles = new HandleTable();
    private final Hello hello;
    private int nextHeap = 1;
    private long clockNanos;
    private long sentMillis;

    OpTranslator(List<String> threadNames, Hello hello) {
        if (threadNames.size() > Protocol.THREAD_MAX) {
            throw new IllegalArgumentException("the agent runs at most " + Protocol.THREAD_MAX
                    + " threads; the scenario declares " + threadNames.size());
        }
        for (int i = 0; i < threadNames.size(); i++) {
            threads.put(threadNames.get(i), i);
        }
        threadStates = new ThreadState[threadNames.size()];
        java.util.Arrays.fill(threadStates, ThreadState.NEW);
        this.hello = hello;
    }

    /** The virtual clock after the ops translated so far, in nanoseconds. */
    long clockNanos() {
        return clockNanos;
    }

    HandleTable handles() {
        return handles;
    }

    void translate(io.heapscope.scenario.op.Op op, Sink sink) {
        switch (op) {
            case Alloc a -> {
                int heap = a.heap().map(this::heap).orElse(0);
                int id = handles.allocate(a.handle(), heap, a.size());
                sink.send(new Op.Alloc(thread(a.thread()), id, a.size(), a.align(), a.zero(), heap));
            }
            case Realloc r -> realloc(r, sink);
            case Free f -> free(f, sink);
            case Touch t -> touch(t, sink);
            case HeapNew h -> sink.send(new Op.HeapNew(thread(h.thread()), newHeap(h.heap())));
            case HeapDelete h -> {
                int id = heap(h.heap());
                handles.heapDeleted(id);
                heaps.remove(h.heap());
                sink.send(new Op.HeapDelete(thread(h.thread()), id));
            }
            case HeapDestroy h -> {
                int id = heap(h.heap());
                handles.heapDestroyed(id);
                heaps.remove(h.heap());
                sink.send(new Op.HeapDestroy(thread(h.thread()), id));
            }
            case HeapSetDefault h -> sink.send(new Op.HeapSetDefault(thread(h.thread()), heap(h.heap())));
            case Collect c -> sink.send(new Op.Collect(thread(c.thread()), 0, c.force()));
            case ThreadStart s -> {
                threadStates[thread(s.thread())] = ThreadState.READY;
                sink.send(new Op.ThreadStart(thread(s.thread()), PROCESS_MAIN_THREAD.equals(s.thread())));
            }
            case ThreadPark p -> park(p, sink);
            case ThreadWake w -> threadStates[thread(w.thread())] = ThreadState.READY;
            case ThreadExit x -> {
                threadStates[thread(x.thread())] = ThreadState.EXITED;
                sink.send(new Op.ThreadExit(thread(x.thread())));
            }
            case Sleep s -> advance(s.nanos(), sink);
            case SetOption o -> setOption(o, sink);
            case Mark m -> { }
            case Expect e -> { }
        }
    }

    private void park(ThreadPark p, Sink sink) {
        int t = thread(p.thread());
        if (threadStates[t] == ThreadState.PARKED) {
            sink.note(p.thread() + " is already parked");
            return;
        }
        threadStates[t] = ThreadState.PARKED;
        sink.send(new Op.ThreadPark(t));
    }

    private void realloc(Realloc r, Sink sink) {
        int id = usable(r.from(), "realloc", sink);
        if (id <= 0) {
            return;
        }
        handles.rebind(r.from(), r.to());
        handles.resized(id, r.size());
        sink.send(new Op.Realloc(thread(r.thread()), id, r.size()));
    }

    private void touch(Touch t, Sink sink) {
        int id = usable(t.handle(), "touch", sink);
        if (id <= 0) {
            return;
        }
        long size = handles.size(id);
        int thread = thread(t.thread());
        if (size <= TOUCH_CHUNK) {
            sink.send(new Op.Touch(thread, id, TOUCH_VALUE, 0, 0));
            return;
        }
        for (long offset = 0; offset < size; offset += TOUCH_CHUNK) {
            sink.send(new Op.Touch(thread, id, TOUCH_VALUE, offset, Math.min(TOUCH_CHUNK, size - offset)));
        }
    }

    /** A free of a freed key is sent as a deliberate double free: the allocator decides. */
    private void free(Free f, Sink sink) {
        int id = handles.id(f.handle());
        if (handles.state(id) == HandleTable.State.FREED) {
            sink.note("free of " + f.handle() + ", which is already freed: sent again as a double free");
            sink.send(new Op.Free(thread(f.thread()), id, true));
            return;
        }
        id = usable(f.handle(), "free", sink);
        if (id > 0) {
            handles.freed(id);
            sink.send(new Op.Free(thread(f.thread()), id));
        }
    }

    /** The key's id when its block is live; else 0, with a note saying why nothing is sent. */
    private int usable(HandleKey key, String what, Sink sink) {
        int id = handles.id(key);
        switch (handles.state(id)) {
            case LIVE -> {
                return id;
            }
            case FREED -> sink.note(what + " of " + key + ", which is already freed, not sent: "
                    + "the agent refuses operations on freed handles");
            case DESTROYED -> sink.note(what + " of " + key + ", whose heap was destroyed, not sent");
            case NEVER -> throw new IllegalStateException(key + " was never allocated");
        }
        return 0;
    }

    private void advance(long nanos, Sink sink) {
        clockNanos += nanos;
        long millis = clockNanos / 1_000_000;
        if (millis > sentMillis) {
            sink.send(new Op.Advance(millis - sentMillis));
            sentMillis = millis;
        }
    }

    private void setOption(SetOption o, Sink sink) {
        if (hello.options().isEmpty()) {
            sink.note("set " + o.name() + " not sent: the " + hello.backend() + " backend has no options");
            return;
        }
        String name = o.name().toLowerCase(Locale.ROOT);
        if (name.equals("design")) {
            return;   /* chosen when the agent started (Engine): the core's design cannot change later */
        }
        if (hello.options().stream().noneMatch(n -> n.equalsIgnoreCase(name))) {
            throw new EngineException("unknown allocator option '" + o.name() + "'; the agent knows "
                    + String.join(", ", hello.options()));
        }
        sink.send(new Op.SetOption(name, OptionUnits.agentValue(o.value())));
    }

    private int thread(String name) {
        Integer i = threads.get(name);
        if (i == null) {
            throw new IllegalStateException("undeclared thread " + name);
        }
        return i;
    }

    private int newHeap(String name) {
        int id = nextHeap++;
        if (id >= Protocol.HEAP_MAX) {
            throw new EngineException("more than " + (Protocol.HEAP_MAX - 1) + " heaps created in one run");
        }
        heaps.put(name, id);
        return id;
    }

    private int heap(String name) {
        if ("backing".equals(name)) {
            return 0;
        }
        Integer id = heaps.get(name);
        if (id == null) {
            throw new IllegalStateException("heap " + name + " does not exist");
        }
        return id;
    }
}
