package io.heapscope.agent;

import java.util.OptionalInt;

/** The agent process ended (crashed, was killed, or exited) while a call was in flight or before it. */
public final class AgentDiedException extends AgentException {
    private final int exitStatus;
    private final int signal;
    private final String lastOp;
    private final String stderrTail;

    /**
     * @param exitStatus the process's exit status, or -1 when it was killed by a signal
     * @param signal     the signal number, or 0
     * @param lastOp     a description of the last op sent
     * @param stderrTail the last lines the agent wrote on stderr
     */
    public AgentDiedException(int exitStatus, int signal, String lastOp, String stderrTail) {
        super(describe(exitStatus, signal, lastOp, stderrTail));
        this.exitStatus = exitStatus;
        this.signal = signal;
        this.lastOp = lastOp;
        this.stderrTail = stderrTail;
    }

    private static String describe(int exitStatus, int signal, String lastOp, String stderrTail) {
        StringBuilder sb = new StringBuilder("the agent died: ");
        if (signal > 0) sb.append("killed by signal ").append(signal).append(" (").append(signalName(signal)).append(')');
        else sb.append("exit status ").append(exitStatus);
        sb.append("; last op sent: ").append(lastOp);
        if (!stderrTail.isBlank()) sb.append("; stderr: ").append(stderrTail.strip());
        return sb.toString();
    }

    static String signalName(int signal) {
        return switch (signal) {
            case 6 -> "SIGABRT";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            case 7 -> "SIGBUS";
            case 4 -> "SIGILL";
            case 8 -> "SIGFPE";
            default -> "signal " + signal;
        };
    }

    /** The exit status, when the agent exited rather than being killed by a signal. */
    public OptionalInt exitStatus() {
        return signal > 0 ? OptionalInt.empty() : OptionalInt.of(exitStatus);
    }

    /** The signal that killed the agent, if one did. */
    public OptionalInt signal() {
        return signal > 0 ? OptionalInt.of(signal) : OptionalInt.empty();
    }

    public String lastOp() {
        return lastOp;
    }

    public String stderrTail() {
        return stderrTail;
    }
}
