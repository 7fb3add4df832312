package io.heapscope.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code ./heapscope} command line of the README and docs/cli.md exactly as written,
 * from the repository root (the folder both say), on the jars this build packaged, and checks each
 * exits 0. Lines that open the window run under {@code xvfb-run -a}, so they work without a display.
 * The build commands themselves ({@code mvn ...}) are what produced these jars and are not re-run.
 */
class DocumentedCommandsTest {

    private static final Path ROOT = Path.of(System.getProperty("heapscope.root.dir", "../..")).toAbsolutePath().normalize();

    @TestFactory
    Stream<DynamicTest> everyDocumentedLauncherLineExitsZero() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.addAll(launcherLines(ROOT.resolve("README.md")));
        lines.addAll(launcherLines(ROOT.resolve("docs/cli.md")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("./heapscope app")), "the docs show how to open the window: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("./heapscope check samples")), "the docs show checking the samples: " + lines);
        return lines.stream().map(line -> DynamicTest.dynamicTest(line, () -> {
            Result r = run(line);
            assertEquals(0, r.status(), line + "\n" + r.output());
            if (line.contains("--screenshot ")) {
                String png = line.substring(line.indexOf("--screenshot ") + 13).split(" ")[0];
                assertTrue(Files.size(ROOT.resolve(png)) > 10_000, "the screenshot was written: " + png);
            }
        }));
    }

    @Test
    void helpListsTheCommandsIncludingTheWindow() throws Exception {
        Result r = run("./heapscope help");
        assertEquals(0, r.status(), r.output());
        for (String command : List.of("run FILE", "check FILE|DIR", "export FILE", "ops FILE", "app [FILE]")) {
            assertTrue(r.output().contains(command), command + " in\n" + r.output());
        }
    }

    @Test
    void javaOptsReachTheJvm() throws Exception {
        Result r = run("JAVA_OPTS='-Xmx1m -Xms1m' ./heapscope help");
        // a 1 MiB heap cannot start the command line: the options were passed on
        assertFalse(r.status() == 0, r.output());
    }

    @Test
    void unbuiltCopySaysHowToBuild() throws Exception {
        Path bare = Files.createTempDirectory("heapscope-unbuilt");
        Files.copy(ROOT.resolve("heapscope"), bare.resolve("heapscope"));
        bare.resolve("heapscope").toFile().setExecutable(true);
        Result r = run(List.of("./heapscope", "help"), bare);
        assertEquals(5, r.status(), r.output());
        assertTrue(r.output().contains("not built yet") && r.output().contains("mvn -q -DskipTests install"), r.output());
    }

    /** The lines of a file's {@code sh} code blocks that run the launcher (build lines excluded). */
    static List<String> launcherLines(Path markdown) throws IOException {
        List<String> found = new ArrayList<>();
        boolean inSh = false;
        for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.startsWith("```")) {
                inSh = !inSh && t.equals("```sh");
                continue;
            }
            if (inSh && t.contains("./heapscope ") && !t.startsWith("mvn ") && !t.startsWith("#")) {
                found.add(t.replaceAll("\\s+#.*$", ""));
            }
        }
        return found;
    }

    private record Result(int status, String output) {
    }

    private static Result run(String line) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (line.contains("./heapscope app") && System.getenv("DISPLAY") == null) {
            cmd.addAll(List.of("xvfb-run", "-a"));
        }
        cmd.addAll(List.of("bash", "-c", line));
        return run(cmd, ROOT);
    }

    private static Result run(List<String> cmd, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "finished: " + cmd);
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
