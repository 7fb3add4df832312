package io.heapscope.scenario.source;

/** How bad a {@link Diagnostic} is. Only errors stop a scenario from compiling. */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The lower-case word used in a printed diagnostic. */
    public String label() {
        return label;
    }
}
