package io.heapscope.scenario.lang;

import java.util.List;

/** The kind of argument a {@link Metric} takes in parentheses. */
public enum MetricArgument {
    NONE("no argument"),
    THREAD("a thread name"),
    BLOCK_STATE("a block state"),
    PAGE_FILTER("a page kind or state");

    private final String description;

    MetricArgument(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * The closed list of words this argument accepts; empty for {@link #THREAD}, whose names
     * come from the scenario's {@code thread} lines.
     */
    public List<String> words() {
        return switch (this) {
            case BLOCK_STATE -> BlockState.words();
            case PAGE_FILTER -> PageFilter.words();
            case NONE, THREAD -> List.of();
        };
    }
}
