package io.heapscope.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The backend names users type ({@code --backend}, the window's chooser): "core" for the Heapscope
 * core, and one per {@link SystemAllocator}, named as the enum is. The one list of those names.
 */
public final class Backends {

    private Backends() {
    }

    /** Every backend name, installed or not: "core", then the system allocators in their order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add("core");
        for (SystemAllocator a : SystemAllocator.values()) {
            names.add(name(a));
        }
        return List.copyOf(names);
    }

    /** "core", then the system allocators installed on this machine (glibc always), in {@link #names()} order. */
    public static List<String> installed() {
        List<String> names = new ArrayList<>();
        names.add("core");
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
}
