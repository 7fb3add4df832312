package io.heapscope.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Allocators the {@link Backend#SYSTEM} backend can run with, preloaded into the agent
 * ({@code LD_PRELOAD}). The libraries are Debian's; they are looked up at run time.
 */
public enum SystemAllocator {
    GLIBC(null, "libc6 (always present)"),
    MIMALLOC("libmimalloc.so.2", "libmimalloc2.0"),
    JEMALLOC("libjemalloc.so.2", "libjemalloc2"),
    TCMALLOC("libtcmalloc_minimal.so.4", "libtcmalloc-minimal4");

    private static final List<Path> LIBRARY_DIRS = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/usr/lib/aarch64-linux-gnu"),
            Path.of("/usr/lib64"), Path.of("/usr/lib"), Path.of("/usr/local/lib"));

    private final String soname;
    private final String debianPackage;

    SystemAllocator(String soname, String debianPackage) {
        this.soname = soname;
        this.debianPackage = debianPackage;
    }

    /** The library to preload; empty for glibc (nothing to preload) or when it is not installed. */
    public Optional<Path> library() {
        if (soname == null) return Optional.empty();
        return LIBRARY_DIRS.stream().map(d -> d.resolve(soname)).filter(Files::isReadable).findFirst();
    }

    /** The library to preload, or a clear error saying which package provides it. */
    public Optional<Path> require() {
        if (soname == null) return Optional.empty();
        return Optional.of(library().orElseThrow(() -> new IllegalStateException(
                name().toLowerCase() + " is not installed: " + soname + " was not found in " + LIBRARY_DIRS
                        + " (Debian package " + debianPackage + ")")));
    }
}
