package io.heapscope.ui.pageinspector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Made-up pages for tests and benchmarks (not allocator output). */
final class SyntheticPages {

    private SyntheticPages() {
    }

    /** A page of {@code blocks} blocks, the first {@code capacity} extended, states mixed at random. */
    static PageBlocks mixed(int blocks, int capacity, long blockSize, long seed) {
        Random random = new Random(seed);
        byte[] states = new byte[blocks];
        List<Integer> free = new ArrayList<>();
        List<Integer> local = new ArrayList<>();
        List<Integer> thread = new ArrayList<>();
        boolean delayed = false;
        int used = 0;
        for (int i = 0; i < blocks; i++) {
            BlockState s;
            if (i >= capacity) {
                s = BlockState.UNEXTENDED;
            } else {
                int r = random.nextInt(100);
                s = r < 50 ? BlockState.IN_USE : r < 65 ? BlockState.FREE : r < 75 ? BlockState.LOCAL_FREE : BlockState.THREAD_FREE;
                if (s == BlockState.THREAD_FREE && !delayed) {
                    s = BlockState.DELAYED;
                    delayed = true;
                }
            }
            states[i] = s.code();
            switch (s) {
                case FREE -> free.add(i);
                case LOCAL_FREE -> local.add(i);
                case THREAD_FREE -> thread.add(i);
                default -> { }
            }
            if (s == BlockState.IN_USE || s == BlockState.THREAD_FREE || s == BlockState.DELAYED) {
                used++;
            }
        }
        Collections.reverse(local);
        Collections.shuffle(thread, random);
        return new PageBlocks(0x7f3a00010000L, "small", blockSize, capacity, blocks, used,
                PageBlocks.ListCounts.fromStates(states), "main",
                "NO_DELAYED_FREE", "bin 1 (" + blockSize + " B)", states, ints(free), ints(local), ints(thread));
    }

    /** A tiny page: 8 blocks, free 5→6→7, local_free 3, thread_free 2→1, block 0 in use. */
    static PageBlocks tiny() {
        byte[] s = {BlockState.IN_USE.code(), BlockState.THREAD_FREE.code(), BlockState.THREAD_FREE.code(),
            BlockState.LOCAL_FREE.code(), BlockState.DELAYED.code(), BlockState.FREE.code(), BlockState.FREE.code(),
            BlockState.FREE.code()};
        return new PageBlocks(0x1000, "small", 64, 8, 8, 4, PageBlocks.ListCounts.fromStates(s), "main",
                "NO_DELAYED_FREE", "bin 4 (64 B)", s,
                new int[] {5, 6, 7}, new int[] {3}, new int[] {2, 1});
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }
}
