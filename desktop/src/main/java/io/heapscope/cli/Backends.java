package io.heapscope.cli;

import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.SystemAllocator;
import java.util.List;
import java.util.Locale;

/** The {@code --backend} names: the Heapscope core, or the system backend with an allocator preloaded. */
final class Backends {

    static final List<String> NAMES = List.of("core", "glibc", "mimalloc", "jemalloc", "tcmalloc");

    private Backends() {
    }

    static AgentOptions options(String name) throws UsageException {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("core")) {
            return AgentOptions.core();
        }
        for (SystemAllocator a : SystemAllocator.values()) {
            if (a.name().toLowerCase(Locale.ROOT).equals(n)) {
                return AgentOptions.system(a);
            }
        }
        throw new UsageException("unknown backend '" + name + "'; one of " + String.join(", ", NAMES));
    }
}
