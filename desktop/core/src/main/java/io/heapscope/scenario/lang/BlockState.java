package io.heapscope.scenario.lang;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Where a block can sit, the argument of {@code blocks(state)}. */
public enum BlockState {
    LIVE("live", "handed out by malloc and not yet freed by anyone"),
    FREE("free", "on a page's free list, ready for the next malloc of that size"),
    LOCAL_FREE("local_free", "freed by the owning thread, waiting on the page's local-free list"),
    THREAD_FREE("thread_free", "freed by another thread, waiting on the page's thread-free list"),
    DELAYED("delayed", "freed by another thread onto the owning heap's delayed-free list");

    private final String word;
    private final String meaning;

    BlockState(String word, String meaning) {
        this.word = word;
        this.meaning = meaning;
    }

    /** The word written in a scenario. */
    public String word() {
        return word;
    }

    public String meaning() {
        return meaning;
    }

    public static Optional<BlockState> byWord(String text) {
        return Arrays.stream(values()).filter(s -> s.word.equals(text)).findFirst();
    }

    public static List<String> words() {
        return Arrays.stream(values()).map(BlockState::word).toList();
    }
}
