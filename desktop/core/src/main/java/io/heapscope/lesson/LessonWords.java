package io.heapscope.lesson;

import io.heapscope.model.BlockState;
import java.util.Locale;
import java.util.Optional;

/** The words lessons use for free lists, the same as the scenario language's block states. */
final class LessonWords {

    private LessonWords() {
    }

    static Optional<BlockState> list(String word) {
        return switch (word) {
            case "free" -> Optional.of(BlockState.FREE);
            case "local_free" -> Optional.of(BlockState.LOCAL_FREE);
            case "thread_free" -> Optional.of(BlockState.THREAD_FREE);
            case "delayed" -> Optional.of(BlockState.DELAYED);
            default -> Optional.empty();
        };
    }

    static String listWord(BlockState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
