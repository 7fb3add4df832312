package io.heapscope.cli;

import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.SystemAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The {@code --backend} names: the Heapscope core, or the system backend with an allocator preloaded. */
public final class Backends {

    static final List<String> NAMES = io.heapscope.engine.Column.BACKENDS;

    private Backends() {
    }

    /** "core", then the system allocators installed on this machine (glibc always), in {@link #NAMES} order. */
    public static List<String> installed() {
        List<String> names = new ArrayList<>();
        names.add("core");
        for (SystemAllocator a : SystemAllocator.values()) {
            if (a == SystemAllocator.GLIBC || a.library().isPresent()) {
                names.add(a.name().toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(names);
    }

    /** The agent options for a backend name; {@link IllegalArgumentException} for an unknown one. */
    public static AgentOptions forName(String name) {
        try {
            return options(name);
        } catch (UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
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
