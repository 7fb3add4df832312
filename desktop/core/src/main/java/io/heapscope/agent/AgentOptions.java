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
 * @param timeout     how long one call may take before the agent is declared hung and killed
 */
public record AgentOptions(Path executable, Backend backend, Map<String, String> environment, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public AgentOptions {
        Objects.requireNonNull(executable);
        Objects.requireNonNull(backend);
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout);
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    }

    /** The core backend with the agent Maven built. */
    public static AgentOptions core() {
        return new AgentOptions(AgentBinaries.agent(), Backend.CORE, Map.of(), DEFAULT_TIMEOUT);
    }

    /** The system backend with {@code allocator} preloaded (nothing for glibc). */
    public static AgentOptions system(SystemAllocator allocator) {
        AgentOptions o = new AgentOptions(AgentBinaries.agent(), Backend.SYSTEM, Map.of(), DEFAULT_TIMEOUT);
        return allocator.require().map(lib -> o.withEnvironment("LD_PRELOAD", lib.toString())).orElse(o);
    }

    public AgentOptions withTimeout(Duration timeout) {
        return new AgentOptions(executable, backend, environment, timeout);
    }

    public AgentOptions withEnvironment(String name, String value) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(name, value);
        return new AgentOptions(executable, backend, env, timeout);
    }
}
