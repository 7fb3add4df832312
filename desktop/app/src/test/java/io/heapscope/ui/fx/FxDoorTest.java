package io.heapscope.ui.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class FxDoorTest {

    /** An "FX thread" that runs queued tasks only when the test says so (one pulse). */
    private final Queue<Runnable> fxQueue = new ArrayDeque<>();
    private final FxDoor door = FxDoor.on(fxQueue::add);

    @Test
    void latestCoalescesAFastProducerToOneDeliveryPerPulse() {
        List<Integer> seen = new ArrayList<>();
        FxDoor.Latest<Integer> slot = door.latest(seen::add);
        for (int i = 0; i < 10_000; i++) {
            slot.publish(i);
        }
        assertEquals(1, fxQueue.size(), "one hand-over scheduled, not 10,000");
        pulse();
        assertEquals(List.of(9_999), seen);
        slot.publish(1);
        slot.publish(2);
        pulse();
        assertEquals(List.of(9_999, 2), seen);
        assertEquals(2, slot.deliveredCount());
    }

    @Test
    void debouncerDeliversOnlyTheNewestResult() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            List<String> results = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            FxDoor direct = FxDoor.on(Runnable::run);
            Debouncer<String, String> d = new Debouncer<>(timer, Runnable::run, 500, String::toUpperCase, direct, r -> {
                synchronized (results) {
                    results.add(r);
                }
                done.countDown();
            });
            d.offer("a");
            d.offer("ab");
            d.offer("abc");
            assertTrue(done.await(5, TimeUnit.SECONDS));
            Thread.sleep(150);
            synchronized (results) {
                assertEquals(List.of("ABC"), results);
            }
        } finally {
            timer.shutdownNow();
        }
    }

    private void pulse() {
        List<Runnable> now = new ArrayList<>(fxQueue);
        fxQueue.clear();
        now.forEach(Runnable::run);
    }
}
