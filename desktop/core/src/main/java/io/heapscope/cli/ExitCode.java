package io.heapscope.cli;

/** The command line's exit statuses (documented in {@code docs/cli.md} and {@code --help}). */
public enum ExitCode {
    /** Everything ran; every expect held. */
    OK(0, "success; for check, every expect held"),
    /** {@code check}: at least one expect failed. */
    EXPECT_FAILED(1, "check: an expect failed (or could not be measured on the backend), or a lesson does not hold"),
    /** Bad command line. */
    USAGE(2, "usage error: unknown command or option, missing argument"),
    /** A scenario has errors. */
    SCENARIO_ERROR(3, "a scenario or a lesson does not compile (errors printed as file:line:col)"),
    /** The agent could not start, refused an op, or died. */
    AGENT_FAILED(4, "the agent could not start, refused an operation, or died"),
    /** A file could not be read or written. */
    IO_ERROR(5, "a file could not be read or written");

    private final int status;
    private final String meaning;

    ExitCode(int status, String meaning) {
        this.status = status;
        this.meaning = meaning;
    }

    public int status() {
        return status;
    }

    public String meaning() {
        return meaning;
    }

    /** The worse of two outcomes (the higher status). */
    ExitCode worst(ExitCode other) {
        return other.status > status ? other : this;
    }
}
