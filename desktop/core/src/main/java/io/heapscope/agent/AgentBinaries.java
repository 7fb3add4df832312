package io.heapscope.agent;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the agent built by Maven: {@code <heapscope.native.dir>/heapscope-agent} when the system
 * property is set (surefire and javafx:run set it), else {@code native/build/heapscope-agent} in
 * the working directory or the nearest parent that has one.
 */
public final class AgentBinaries {
    public static final String NATIVE_DIR_PROPERTY = "heapscope.native.dir";
    public static final String AGENT = "heapscope-agent";

    private AgentBinaries() {}

    public static Path agent() {
        return find(AGENT);
    }

    /** An executable of the native build, or a clear error saying where it was looked for. */
    public static Path find(String name) {
        String dir = System.getProperty(NATIVE_DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            Path p = Path.of(dir).resolve(name);
            if (Files.isExecutable(p)) return p.toAbsolutePath().normalize();
            throw new IllegalStateException(name + " not found at " + p + " (from -D" + NATIVE_DIR_PROPERTY
                    + "); build it: cmake -S native -B native/build && cmake --build native/build");
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("native").resolve("build").resolve(name);
            if (Files.isExecutable(p)) return p;
        }
        throw new IllegalStateException(name + " not found: set -D" + NATIVE_DIR_PROPERTY
                + "=<repo>/native/build or run from inside the repository after building native/");
    }
}
