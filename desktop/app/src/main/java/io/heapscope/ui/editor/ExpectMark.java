package io.heapscope.ui.editor;

/**
 * What the last run said about the {@code expect} on a line, for the gutter.
 *
 * @param result what its checks came to
 * @param text   the result in words (the failure message, the values compared)
 */
public record ExpectMark(Result result, String text) {

    /**
     * A line's checks, worst first wins: one failed check fails the line; otherwise one the
     * backend could not measure makes it a warning (as Problems lists it); else it held.
     */
    public enum Result {
        HELD("passed"), UNMEASURED("unmeasured"), FAILED("failed");

        private final String word;

        Result(String word) {
            this.word = word;
        }

        /** The word in the gutter node's id ({@code expect-failed-30}) and CSS pseudo-class. */
        public String word() {
            return word;
        }

        /** True when {@code this} outranks {@code other} for the line's mark. */
        public boolean worseThan(Result other) {
            return ordinal() > other.ordinal();
        }
    }

    public ExpectMark {
        java.util.Objects.requireNonNull(result, "result");
        java.util.Objects.requireNonNull(text, "text");
    }

    public boolean passed() {
        return result == Result.HELD;
    }
}
