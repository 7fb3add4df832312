package io.heapscope.scenario.syntax;

import java.util.Set;

/**
 * Reserved words: they start statements or name allocation functions, so no thread, handle,
 * heap, loop variable or mark may use them. Other words that have a meaning in one place only
 * ({@code x}, {@code align}, {@code in}, {@code as}, {@code heap}, {@code force}, {@code on},
 * {@code off}, units and metric names) stay ordinary names.
 */
public final class Keywords {

    /** Every reserved word. */
    public static final Set<String> ALL = Set.of(
            "thread", "start", "park", "wake", "exit", "collect",
            "malloc", "zalloc", "calloc", "realloc", "free", "touch",
            "new", "delete", "destroy", "use",
            "sleep", "set", "expect", "mark", "repeat", "for");

    /** Statements that no thread runs; a {@code main:} prefix before them is an error. */
    public static final Set<String> GLOBAL_STATEMENTS = Set.of("sleep", "set", "expect", "mark");

    private Keywords() {
    }

    public static boolean isReserved(String word) {
        return ALL.contains(word);
    }
}
