package io.heapscope.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The backend names users type ({@code --backend}, the window's chooser): "core" for the Heapscope
 * core, {@code core-v2} and {@code core-v3} for the core on one design (compare's columns), and one
 * per {@link SystemAllocator}, named as the enum is. The one list of those names.
 */
public final class Backends {

    /** The core's designs, by the names {@code --design}, {@code set design} and {@code core-vN} use. */
    public static final List<String> DESIGNS = List.of("v2", "v3");

    private Backends() {
    }

    /** Every backend name, installed or not: "core", then the system allocators in their order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add("core");
        DESIGNS.forEach(d -> names.add("core-" + d));
        for (SystemAllocator a : SystemAllocator.values()) {
            names.add(name(a));
        }
        return List.copyOf(names);
    }

    /** "core", then the system allocators installed on this machine (glibc always), in {@link #names()} order. */
    public static List<String> installed() {
        List<String> names = new ArrayList<>();
        names.add("core");
        DESIGNS.forEach(d -> names.add("core-" + d));
        for (SystemAllocator a : SystemAllocator.values()) {
            if (a == SystemAllocator.GLIBC || a.library().isPresent()) {
                names.add(name(a));
            }
        }
        return List.copyOf(names);
    }

    /** The agent options for a backend name; {@link IllegalArgumentException} naming the choices for an unknown one. */
    public static AgentOptions forName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("core")) {
            return AgentOptions.core();
        }
        if (n.startsWith("core-") && DESIGNS.contains(n.substring(5))) {
            return AgentOptions.core().withDesign(n.substring(5));
        }
        for (SystemAllocator a : SystemAllocator.values()) {
            if (name(a).equals(n)) {
                return AgentOptions.system(a);
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; one of " + String.join(", ", names()));
    }

    private static String name(SystemAllocator a) {
        return a.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The backend's options with {@code --design} applied: the core runs that design whatever the
     * scenario's {@code set design} says. {@code strict}: a system backend or a {@code core-vN} name
     * with {@code --design} is an error (run, check, export); otherwise they keep their own (compare).
     * {@link IllegalArgumentException} for an unknown backend or design.
     */
    public static AgentOptions forName(String name, Optional<String> design, boolean strict) {
        AgentOptions options = forName(name);
        if (design.isEmpty()) {
            return options;
        }
        String d = design.get().toLowerCase(Locale.ROOT);
        if (!DESIGNS.contains(d)) {
            throw new IllegalArgumentException("unknown design '" + design.get() + "'; one of " + String.join(", ", DESIGNS));
        }
        if (!name.equalsIgnoreCase("core")) {
            if (strict) {
                throw new IllegalArgumentException("--design chooses the core's design; backend '" + name + "' has its own");
            }
            return options;
        }
        return options.withDesign(d);
    }
}
