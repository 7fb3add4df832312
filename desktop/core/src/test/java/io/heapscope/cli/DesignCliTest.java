package io.heapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The core's two designs from the command line: {@code --design}, {@code core-v2}/{@code core-v3} columns, and the samples' own {@code set design}. */
class DesignCliTest {

    private static String sample(String name) {
        return SamplesCheckTest.samples().resolve(name).toString();
    }

    @Test
    void compareRunsTheCigaretteOnV2AndV3SideBySide() {
        CliTest.Result r = CliTest.cli("compare", sample("cigarette.scenario"), "--backend", "core-v2,core-v3",
                "--no-progress");
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        String[] v2 = lines.get(1).trim().split(" {2,}");
        String[] v3 = lines.get(2).trim().split(" {2,}");
        assertEquals("core-v2", v2[0], r.out());
        assertEquals("core-v3", v3[0], r.out());
        assertEquals("5", v2[7], "v2 strands the old hotels, as the sample expects: " + r.out());
        assertEquals("0", v2[8], r.out());
        assertEquals("4", v3[8], "v3 reuses their memory: only 'the live data did not grow' holds: " + r.out());
        assertTrue(r.out().contains("core-v3: ") && r.out().contains("every old hotel waits on main's pages"), r.out());
    }

    @Test
    void theScenarioChoosesItsDesignAndDesignOverridesIt() {
        CliTest.Result own = CliTest.cli("check", sample("v3-cigarette.scenario"), "--no-progress");
        assertEquals(0, own.status(), own.out());
        CliTest.Result onV2 = CliTest.cli("check", sample("v3-cigarette.scenario"), "--design", "v2", "--no-progress");
        assertEquals(1, onV2.status(), "on v2 the cigarette strands memory again: " + onV2.out());
        assertTrue(onV2.out().contains("committed memory did not double"), onV2.out());
    }

    @Test
    void segmentMetricsAreUnmeasurableOnV3() {
        CliTest.Result r = CliTest.cli("check", sample("thread-exit-reclaim.scenario"), "--design", "v3", "--no-progress");
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("abandoned_segments exists in the v2 design only"), r.out());
    }

    @Test
    void badDesignsAreUsageErrors() {
        Path file = Path.of(sample("cigarette.scenario"));
        CliTest.Result v4 = CliTest.cli("run", file.toString(), "--design", "v4");
        assertEquals(2, v4.status());
        assertTrue(v4.err().contains("unknown design 'v4'"), v4.err());
        CliTest.Result glibc = CliTest.cli("run", file.toString(), "--backend", "glibc", "--design", "v3");
        assertEquals(2, glibc.status());
        assertTrue(glibc.err().contains("--design chooses the core's design"), glibc.err());
    }
}
