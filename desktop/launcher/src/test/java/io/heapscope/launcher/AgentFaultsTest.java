package io.heapscope.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./heapscope run} when its agent hangs or is killed: the command ends with status 4 and
 * says at which step and statement, never hangs, never prints a stack trace.
 */
class AgentFaultsTest {

    private static final Path ROOT = Path.of(System.getProperty("heapscope.root.dir", "../..")).toAbsolutePath().normalize();

    record Result(int status, String out, String err, double seconds) {
    }

    static Result heapscope(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return heapscope(env, p -> { }, args);
    }

    interface WhileRunning {
        void accept(Process p) throws Exception;
    }

    static Result heapscope(Map<String, String> env, WhileRunning during, String... args)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(List.of("./heapscope")));
        pb.command().addAll(List.of(args));
        pb.directory(ROOT.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofPlatform().start(() -> {
            try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.complete(e.toString());
            }
        });
        var out0 = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofPlatform().start(() -> {
            try {
                out0.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out0.complete(e.toString());
            }
        });
        try {
            during.accept(p);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new AssertionError(e);
        }
        String out = out0.join();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the command ended");
        return new Result(p.exitValue(), out, err.join(), (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void aHungAgentEndsTheRunWithStatusFourTheStepAndTheStatement() throws Exception {
        Result r = heapscope(Map.of("HEAPSCOPE_AGENT_STALL_AT_OP", "20001", "JAVA_OPTS", "-Dheapscope.agent.timeout=1.5"),
                "run", "samples/cigarette.scenario", "--no-progress");
        assertEquals(4, r.status(), r.err());
        assertTrue(r.err().matches("(?s).*samples/cigarette\\.scenario:23:\\d+: step \\d+: running this statement .*"
                + "did not answer within .* s, so the watchdog killed it.*"), r.err());
        assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
        assertTrue(r.seconds() < 60, "ended in " + r.seconds() + " s");
    }

    @Test
    void aKilledAgentEndsTheRunWithStatusFourAndWhereTheRunIs(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("long.scenario");
        java.nio.file.Files.writeString(scenario, "thread main\nmain: keep = malloc 64 B\n"
                + "main: for i in 0..3000000 {\n  a = malloc 64 B\n  free a\n}\n");
        long[] killed = {0};
        Result r = heapscope(Map.of(), p -> {
            ProcessHandle agent = null;
            for (int i = 0; i < 600 && agent == null; i++) {
                agent = p.toHandle().descendants().filter(h -> h.info().command().orElse("").endsWith("heapscope-agent"))
                        .findFirst().orElse(null);
                Thread.sleep(50);
            }
            assertTrue(agent != null, "the run started an agent");
            Thread.sleep(1500);   // well into the run's batches
            killed[0] = agent.pid();
            assertTrue(agent.destroyForcibly(), "kill -9");
        }, "run", scenario.toString(), "--no-progress");
        assertEquals(4, r.status(), r.err());
        assertTrue(r.err().matches("(?s).*long\\.scenario:\\d+:\\d+: the agent died: killed by signal 9 \\(SIGKILL\\).*"
                + "a fresh agent ran them again without trouble, and the run is at step \\d+.*"), r.err());
        assertFalse(r.err().contains("Exception"), "no stack trace: " + r.err());
        assertTrue(ProcessHandle.of(killed[0]).map(h -> !h.isAlive()).orElse(true), "the killed agent is gone");
    }
}
