package io.heapscope.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.heapscope.app.session.SessionControls;
import io.heapscope.ui.fx.FxDoor;

/**
 * What the window's parts share, created once by the application and passed down (no globals):
 * the door to the FX thread, a worker pool for I/O and parsing, a timer for debouncing, the
 * folders, and the stepping session.
 */
public record AppServices(FxDoor door, ExecutorService worker, ScheduledExecutorService timer,
                          Path samplesDir, Path stateDir, SessionControls session) implements AutoCloseable {

    /** Services for the running app, with daemon threads. */
    public static AppServices create(Path samplesDir, Path stateDir, SessionControls session) {
        ExecutorService worker = Executors.newFixedThreadPool(2, daemon("heapscope-worker"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("heapscope-timer"));
        return new AppServices(FxDoor.platform(), worker, timer, samplesDir, stateDir, session);
    }

    /**
     * The samples folder: {@code -Dheapscope.samples.dir}, else the first {@code samples/} found
     * walking up from the working directory, else {@code ./samples}.
     */
    public static Path defaultSamplesDir() {
        String prop = System.getProperty("heapscope.samples.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        return findUpwards(Path.of("").toAbsolutePath(), "samples").orElse(Path.of("samples"));
    }

    /** The first {@code name} folder in {@code from} or one of its parents. */
    static java.util.Optional<Path> findUpwards(Path from, String name) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(name);
            if (Files.isDirectory(candidate)) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    /** Where recovery and recent files live: {@code -Dheapscope.state.dir}, else ~/.heapscope. */
    public static Path defaultStateDir() {
        String prop = System.getProperty("heapscope.state.dir");
        return prop != null && !prop.isBlank() ? Path.of(prop) : Path.of(System.getProperty("user.home"), ".heapscope");
    }

    /** The user's own folder, where new files are saved: {@code -Dheapscope.user.dir}, else the home folder. */
    public static Path userDir() {
        String prop = System.getProperty("heapscope.user.dir");
        return prop != null && !prop.isBlank() ? Path.of(prop) : Path.of(System.getProperty("user.home"));
    }

    /**
     * Where a save dialog starts for a document at {@code file}: its folder, except for a new
     * document or a shipped sample, which are saved in the user's folder, never into samples/.
     */
    public Path saveDirFor(java.util.Optional<Path> file) {
        return file.filter(f -> !isSample(f)).map(f -> f.toAbsolutePath().getParent()).orElse(userDir());
    }

    /** True for a file in the shipped samples folder. */
    public boolean isSample(Path file) {
        return samplesDir != null && file.toAbsolutePath().normalize().startsWith(samplesDir.toAbsolutePath().normalize());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        worker.shutdown();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
