package io.heapscope.ui.editor;

/**
 * What the last run said about the {@code expect} on a line, for the gutter.
 *
 * @param passed true when it held
 * @param text   the result in words (the failure message, the values compared)
 */
public record ExpectMark(boolean passed, String text) {
}
