package io.heapscope.ui.details;

/** One line of the details sheet: its group, name, value, and what the value counts. */
public record DetailRow(String category, String name, String value, String description) {
}
