package io.heapscope.agent;

import io.heapscope.model.Snapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random scenarios (allocations of every page kind, local and remote frees, reallocs, first-class
 * heaps, collects, clock moves, threads exiting and starting again): after every step the core
 * validates, and the previous snapshot plus a delta equals a fresh full snapshot. Longer runs:
 * {@code -Dheapscope.delta.steps=5000 -Dheapscope.delta.seed=N}.
 */
class DeltaConsistencyTest {
    private static final int THREADS = 3;
    private static final int STEPS = Integer.getInteger("heapscope.delta.steps", 150);
    private static final long SEED = Long.getLong("heapscope.delta.seed", 7L);

    private record Live(int handle, int thread, int heap) {}

    @Test
    void deltasAppliedToThePreviousSnapshotEqualAFreshOne() {
        Random rnd = new Random(SEED);
        try (AgentClient agent = AgentClient.start(AgentOptions.core().withTimeout(Duration.ofSeconds(30)))) {
            List<Op> start = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) start.add(new Op.ThreadStart(t));
            agent.run(Batch.lockstep(start));
            agent.run(new Op.SetOption("purge_delay", 5));
            agent.fullSnapshot(SnapshotOptions.ALL);
            List<Live> live = new ArrayList<>();
            boolean[] running = {true, true, true};
            int[] heapOf = new int[THREADS];   // a first-class heap per thread, 0 = none
            int nextHandle = 1, nextHeap = 1, deltasWithContent = 0;
            for (int step = 0; step < STEPS; step++) {
                List<Op> ops = new ArrayList<>();
                for (int k = 0, n = 1 + rnd.nextInt(12); k < n; k++) {
                    int t = rnd.nextInt(THREADS);
                    if (!running[t]) {
                        ops.add(new Op.ThreadStart(t));
                        running[t] = true;
                        continue;
                    }
                    int dice = rnd.nextInt(100);
                    if (dice < 45 || live.isEmpty()) {
                        long size = switch (rnd.nextInt(10)) {
                            case 0 -> 20_000 + rnd.nextInt(100_000);    // medium
                            case 1 -> 200_000 + rnd.nextInt(2_000_000); // large
                            default -> 1 + rnd.nextInt(2000);           // small
                        };
                        int heap = (heapOf[t] != 0 && rnd.nextBoolean()) ? heapOf[t] : 0;
                        ops.add(new Op.Alloc(t, nextHandle, size, rnd.nextInt(8) == 0 ? 64 : 0, rnd.nextInt(4) == 0, heap));
                        live.add(new Live(nextHandle++, t, heap));
                    } else if (dice < 80) {
                        Live victim = live.remove(rnd.nextInt(live.size()));
                        int freer = rnd.nextInt(THREADS);
                        if (!running[freer]) freer = t;
                        ops.add(new Op.Free(freer, victim.handle()));
                    } else if (dice < 85) {
                        Live l = live.get(rnd.nextInt(live.size()));
                        if (running[l.thread()] && (l.heap() == 0 || heapOf[l.thread()] == l.heap())) {
                            ops.add(new Op.Realloc(l.thread(), l.handle(), 1 + rnd.nextInt(5000)));
                        }
                    } else if (dice < 89) {
                        ops.add(new Op.Collect(t, 0, rnd.nextBoolean()));
                    } else if (dice < 92) {
                        ops.add(new Op.Advance(1 + rnd.nextInt(20)));
                    } else if (dice < 95) {
                        if (heapOf[t] == 0) {
                            heapOf[t] = nextHeap++;
                            ops.add(new Op.HeapNew(t, heapOf[t]));
                        } else {
                            int h = heapOf[t];
                            boolean destroy = rnd.nextBoolean();
                            ops.add(destroy ? new Op.HeapDestroy(t, h) : new Op.HeapDelete(t, h));
                            if (destroy) live.removeIf(l -> l.heap() == h);
                            else live.replaceAll(l -> l.heap() == h ? new Live(l.handle(), l.thread(), 0) : l);
                            heapOf[t] = 0;
                        }
                    } else if (dice < 97 && t != 0) {
                        int h = heapOf[t];
                        if (h != 0) {   // a first-class heap dies with its thread: delete it first
                            ops.add(new Op.HeapDelete(t, h));
                            live.replaceAll(l -> l.heap() == h ? new Live(l.handle(), l.thread(), 0) : l);
                            heapOf[t] = 0;
                        }
                        ops.add(new Op.ThreadExit(t));
                        running[t] = false;
                    } else {
                        ops.add(new Op.ThreadPark(t));
                    }
                }
                agent.run(Batch.lockstep(ops));
                Snapshot s = Snapshots.checkDeltaAgainstFull(agent, "step " + step + " " + ops);
                if (!s.pages().isEmpty()) deltasWithContent++;
            }
            assertTrue(deltasWithContent > STEPS / 2);
        }
    }
}
