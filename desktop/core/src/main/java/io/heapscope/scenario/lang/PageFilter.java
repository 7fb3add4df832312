package io.heapscope.scenario.lang;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Which pages {@code pages(filter)} counts: a page kind or a page state. */
public enum PageFilter {
    SMALL("small", "small (one 64 KiB slice, blocks up to 16 KiB)"),
    MEDIUM("medium", "medium (512 KiB, blocks up to 128 KiB)"),
    LARGE("large", "large (one block up to 16 MiB)"),
    HUGE("huge", "huge (a dedicated segment)"),
    FULL("full", "in their heap's full queue"),
    RETIRED("retired", "empty, kept for a while before going back to their segment"),
    ABANDONED("abandoned", "owned by no heap because their thread exited"),
    ENCODED("encoded", "whose free-list links are encoded with per-page keys (secure mode 3 and up)");

    private final String word;
    private final String meaning;

    PageFilter(String word, String meaning) {
        this.word = word;
        this.meaning = meaning;
    }

    public String word() {
        return word;
    }

    public String meaning() {
        return meaning;
    }

    public static Optional<PageFilter> byWord(String text) {
        return Arrays.stream(values()).filter(f -> f.word.equals(text)).findFirst();
    }

    public static List<String> words() {
        return Arrays.stream(values()).map(PageFilter::word).toList();
    }
}
