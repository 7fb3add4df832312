package io.heapscope.cli;

import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.SystemAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code --backend} names: the Heapscope core, or the system backend with an allocator preloaded;
 * {@code core-v2} and {@code core-v3} are the core on one design (compare's columns). {@code --design}
 * chooses the core's design for a plain {@code core}.
 */
public final class Backends {

    static final List<String> NAMES = List.of("core", "core-v2", "core-v3", "glibc", "mimalloc", "jemalloc", "tcmalloc");
    static final List<String> DESIGNS = List.of("v2", "v3");
    /** The agent's environment variable that fixes the core's design before its first allocation. */
    public static final String DESIGN_VARIABLE = io.heapscope.engine.Engine.DESIGN_VARIABLE;

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
        if (n.startsWith("core-") && DESIGNS.contains(n.substring(5))) {
            return AgentOptions.core().withEnvironment(DESIGN_VARIABLE, n.substring(5));
        }
        for (SystemAllocator a : SystemAllocator.values()) {
            if (a.name().toLowerCase(Locale.ROOT).equals(n)) {
                return AgentOptions.system(a);
            }
        }
        throw new UsageException("unknown backend '" + name + "'; one of " + String.join(", ", NAMES));
    }

    /**
     * The backend's options with {@code --design} applied: the core runs that design whatever the
     * scenario's {@code set design} says. {@code strict}: a system backend or a {@code core-vN} name
     * with {@code --design} is an error (run, check, export); otherwise they keep their own (compare).
     */
    static AgentOptions options(String name, Optional<String> design, boolean strict) throws UsageException {
        AgentOptions options = options(name);
        if (design.isEmpty()) {
            return options;
        }
        String d = design.get().toLowerCase(Locale.ROOT);
        if (!DESIGNS.contains(d)) {
            throw new UsageException("unknown design '" + design.get() + "'; v2 or v3");
        }
        if (!name.equalsIgnoreCase("core")) {
            if (strict) {
                throw new UsageException("--design chooses the core's design; backend '" + name + "' has its own");
            }
            return options;
        }
        return options.withEnvironment(DESIGN_VARIABLE, d);
    }
}
