package io.heapscope.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The live-object map against a HashMap, on addresses as an allocator hands them out: clustered,
 *  reused soon after a free, through several growths and long probe runs. */
class ObjectIdsTest {
    @Test
    void agreesWithAHashMapThroughAllocationsFreesAndReuse() {
        Random random = new Random(12);
        ObjectIds ids = new ObjectIds();
        Map<Long, Long> expected = new HashMap<>();
        List<Long> live = new ArrayList<>();
        long next = 0x7f00_0000_0000L;
        for (int op = 0; op < 400_000; op++) {
            boolean free = !live.isEmpty() && random.nextInt(100) < (op < 200_000 ? 35 : 65);
            if (free) {
                long addr = live.remove(random.nextInt(live.size()) == 0 ? 0 : live.size() - 1 - random.nextInt(Math.min(8, live.size())));
                assertEquals(expected.remove(addr), ids.remove(addr), "free of " + Long.toHexString(addr));
            } else {
                long addr = random.nextInt(4) == 0 && !expected.containsKey(next - 16) && next > 0x7f00_0000_0010L
                        ? next - 16 : (next += 16 * (1 + random.nextInt(3)));
                if (expected.containsKey(addr)) continue;
                long id = ids.allocate(addr);
                expected.put(addr, id);
                live.add(addr);
            }
            assertEquals(expected.size(), ids.live());
        }
        assertEquals(0, ids.remove(0x1234));
        for (Map.Entry<Long, Long> e : expected.entrySet()) {
            assertEquals(e.getValue(), ids.remove(e.getKey()));
        }
        assertEquals(0, ids.live());
    }
}
