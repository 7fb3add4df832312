package io.heapscope.cli;

/** A command cannot go on; its message is printed and the run exits with {@code code}. */
final class CliFailure extends Exception {

    private final ExitCode code;

    CliFailure(ExitCode code, String message) {
        super(message);
        this.code = code;
    }

    ExitCode code() {
        return code;
    }
}
