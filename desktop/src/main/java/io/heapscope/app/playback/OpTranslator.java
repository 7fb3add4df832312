package io.heapscope.app.playback;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.heapscope.agent.Op;
import io.heapscope.scenario.op.HandleKey;
import io.heapscope.scenario.op.OptionValue;

/**
 * Turns the scenario compiler's ops into the agent's: thread names become indices, handle keys
 * become handle numbers, heap names become heap ids. Ops the agent has no counterpart for
 * ({@code mark}, {@code expect}, {@code wake}: a parked thread becomes ready with its next op)
 * translate to nothing. One instance per run, so numbering restarts with the agent.
 */
final class OpTranslator {

    private final Map<String, Integer> threads = new HashMap<>();
    private final Map<HandleKey, Integer> handles = new HashMap<>();
    private final Map<String, Integer> heaps = new HashMap<>();
    private int nextHandle = 1;
    private int nextHeap = 1;

    OpTranslator(List<String> threadNames) {
        for (int i = 0; i < threadNames.size(); i++) {
            threads.put(threadNames.get(i), i);
        }
    }

    Optional<Op> translate(io.heapscope.scenario.op.Op op) {
        return Optional.ofNullable(switch (op) {
            case io.heapscope.scenario.op.Op.Alloc a -> new Op.Alloc(thread(a.thread()), newHandle(a.handle()), a.size(),
                    a.align(), a.zero(), a.heap().map(this::heap).orElse(0));
            case io.heapscope.scenario.op.Op.Realloc r -> realloc(r);
            case io.heapscope.scenario.op.Op.Free f -> new Op.Free(thread(f.thread()), handle(f.handle()));
            case io.heapscope.scenario.op.Op.Touch t -> new Op.Touch(thread(t.thread()), handle(t.handle()), 0xA5, 0, 0);
            case io.heapscope.scenario.op.Op.HeapNew h -> new Op.HeapNew(thread(h.thread()), newHeap(h.heap()));
            case io.heapscope.scenario.op.Op.HeapDelete h -> new Op.HeapDelete(thread(h.thread()), heap(h.heap()));
            case io.heapscope.scenario.op.Op.HeapDestroy h -> new Op.HeapDestroy(thread(h.thread()), heap(h.heap()));
            case io.heapscope.scenario.op.Op.HeapSetDefault h -> new Op.HeapSetDefault(thread(h.thread()), heap(h.heap()));
            case io.heapscope.scenario.op.Op.Collect c -> new Op.Collect(thread(c.thread()), 0, c.force());
            case io.heapscope.scenario.op.Op.ThreadStart s -> new Op.ThreadStart(thread(s.thread()));
            case io.heapscope.scenario.op.Op.ThreadPark p -> new Op.ThreadPark(thread(p.thread()));
            case io.heapscope.scenario.op.Op.ThreadWake w -> null;
            case io.heapscope.scenario.op.Op.ThreadExit x -> new Op.ThreadExit(thread(x.thread()));
            case io.heapscope.scenario.op.Op.Sleep s -> new Op.Advance(Math.max(0, s.nanos() / 1_000_000));
            case io.heapscope.scenario.op.Op.SetOption o -> new Op.SetOption(o.name(), optionValue(o.value()));
            case io.heapscope.scenario.op.Op.Mark m -> null;
            case io.heapscope.scenario.op.Op.Expect e -> null;
        });
    }

    private Op realloc(io.heapscope.scenario.op.Op.Realloc r) {
        int id = handle(r.from());
        if (!r.to().equals(r.from())) {
            handles.remove(r.from());
            handles.put(r.to(), id);
        }
        return new Op.Realloc(thread(r.thread()), id, r.size());
    }

    private int thread(String name) {
        Integer i = threads.get(name);
        if (i == null) {
            throw new IllegalArgumentException("undeclared thread " + name);
        }
        return i;
    }

    /** A handle for a new allocation; reusing a key keeps its number (the old block leaks, as written). */
    private int newHandle(HandleKey key) {
        return handles.computeIfAbsent(key, k -> nextHandle++);
    }

    private int handle(HandleKey key) {
        return handles.computeIfAbsent(key, k -> nextHandle++);
    }

    private int newHeap(String name) {
        int id = nextHeap++;
        heaps.put(name, id);
        return id;
    }

    private int heap(String name) {
        return "backing".equals(name) ? 0 : heaps.getOrDefault(name, 0);
    }

    static long optionValue(OptionValue v) {
        return switch (v) {
            case OptionValue.Flag f -> f.on() ? 1 : 0;
            case OptionValue.Count c -> c.value();
            case OptionValue.Size s -> s.bytes();
            case OptionValue.Duration d -> d.nanos() / 1_000_000;
        };
    }
}
