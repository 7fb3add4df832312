package io.heapscope.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start an agent.
 *
 * @param executable  {@code heapscope-agent} (see {@link AgentBinaries#agent()})
 * @param backend     which allocator it runs
 * @param environment extra environment variables ({@code LD_PRELOAD}, {@code HEAPSCOPE_*} options)
 * @param timeout     the watchdog's bound: how long a call may take before the agent is declared
 *                    hung and killed; a batch gets {@link #PER_OP} more per op, a snapshot twice
 *                    the bound and {@link #PER_SNAPSHOT_GIB} more per GiB the agent held last time
 *                    (see {@link #batchTimeout}, {@link #snapshotTimeout})
 */
public record AgentOptions(Path executable, Backend backend, Map<String, String> environment, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** What each op of a batch adds to the bound. */
    public static final Duration PER_OP = Duration.ofNanos(100_000);
    /** What each GiB of the agent's memory (its private writable memory at the last snapshot) adds to a snapshot's bound. */
    public static final Duration PER_SNAPSHOT_GIB = Duration.ofSeconds(4);
    /** System property overriding {@link #DEFAULT_TIMEOUT}: seconds, decimals allowed ({@code 5}, {@code 0.5}). */
    public static final String TIMEOUT_PROPERTY = "heapscope.agent.timeout";

    /** {@link #DEFAULT_TIMEOUT}, or the seconds {@value #TIMEOUT_PROPERTY} gives. */
    public static Duration defaultTimeout() {
        return timeoutFrom(System.getProperty(TIMEOUT_PROPERTY));
    }

    static Duration timeoutFrom(String seconds) {
        if (seconds == null || seconds.isBlank()) return DEFAULT_TIMEOUT;
        double s;
        try {
            s = Double.parseDouble(seconds.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + TIMEOUT_PROPERTY + "=" + seconds + ": not a number of seconds");
        }
        if (!(s > 0) || s > 86_400) {
            throw new IllegalArgumentException("-D" + TIMEOUT_PROPERTY + "=" + seconds
                    + ": the timeout must be more than 0 and at most 86400 seconds");
        }
        return Duration.ofNanos(Math.max(1_000_000L, Math.round(s * 1e9)));
    }

    public AgentOptions {
        Objects.requireNonNull(executable);
        Objects.requireNonNull(backend);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout);
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    }

    /** The core backend with the agent Maven built. */
    public static AgentOptions core() {
        return new AgentOptions(AgentBinaries.agent(), Backend.CORE, Map.of(), defaultTimeout());
    }

    /** The system backend with {@code allocator} preloaded (nothing for glibc). */
    public static AgentOptions system(SystemAllocator allocator) {
        AgentOptions o = new AgentOptions(AgentBinaries.agent(), Backend.SYSTEM, Map.of(), defaultTimeout());
        return allocator.require().map(lib -> o.withEnvironment("LD_PRELOAD", lib.toString())).orElse(o);
    }

    /** The bound for a batch of {@code ops} ops. */
    public Duration batchTimeout(int ops) {
        return timeout.plus(PER_OP.multipliedBy(Math.max(0, ops)));
    }

    /** The bound for a snapshot of an agent that held {@code bytes} of memory at its last snapshot (0: none yet). */
    public Duration snapshotTimeout(long bytes) {
        long gib = Math.max(0, bytes) >> 30;
        return timeout.multipliedBy(2).plus(PER_SNAPSHOT_GIB.multipliedBy(gib + 1));
    }

    public AgentOptions withTimeout(Duration timeout) {
        return new AgentOptions(executable, backend, environment, timeout);
    }

    /** The agent's environment variable that chooses the core's design (v2 or v3) before its first allocation. */
    public static final String DESIGN_VARIABLE = "HEAPSCOPE_DESIGN";

    /** The core on one design ({@code v2}, {@code v3}). */
    public AgentOptions withDesign(String design) {
        return withEnvironment(DESIGN_VARIABLE, design);
    }

    public AgentOptions withEnvironment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new AgentOptions(executable, backend, env, timeout);
    }
}
