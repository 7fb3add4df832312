package io.heapscope.trace;

import io.heapscope.agent.AgentBinaries;
import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.SystemAllocator;
import io.heapscope.engine.Engine;
import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.ExpectResult;
import io.heapscope.engine.StepOutcome;
import io.heapscope.engine.StopReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stories of native/recorder/stories/, recorded here from the real programs and replayed on
 * the core and on mimalloc, each checked by its expect file: the cigarette strands the refresher's
 * frees on the parked loader's pages; the kept nodes of the fragmenting requests pin pages.
 */
class TraceStoriesTest {
    @TempDir
    static Path dir;
    static Path cigarette, fragment;

    static Path stories() {
        String samples = System.getProperty("heapscope.samples.dir", "../../samples");
        return Path.of(samples).toAbsolutePath().normalize().getParent().resolve("native/recorder/stories");
    }

    @BeforeAll
    static void record() throws Exception {
        cigarette = dir.resolve("cigarette.hstrace");
        fragment = dir.resolve("fragment.hstrace");
        assertEquals(0, Recordings.record(cigarette, List.of(AgentBinaries.find("recorder/stories/cigarette").toString())));
        assertEquals(0, Recordings.record(fragment, List.of(AgentBinaries.find("recorder/stories/fragment").toString(), "2")));
    }

    private static List<ExpectResult> replay(Path trace, String expectFile, AgentOptions backend) throws IOException {
        Path file = stories().resolve(expectFile);
        TraceSetup.Parsed parsed = TraceSetup.parse(file.toString(), Files.readString(file));
        assertTrue(parsed.setup().isPresent(), parsed.diagnostics().toString());
        TraceReplay.Loaded loaded = TraceReplay.load(trace, parsed.setup().get());
        assertFalse(loaded.problems().stoppedEarly(), loaded.problems().errorMessage());
        assertEquals(0, loaded.problems().unknownFrees(), loaded.problems().unknownFreesMessage());
        try (Engine engine = new Engine(loaded.program(), EngineConfig.headless(backend))) {
            StepOutcome end = engine.run();
            assertEquals(StopReason.END, end.reason(), end.detail());
            List<ExpectResult> results = engine.expectResults();
            assertEquals(parsed.setup().get().expects().size(), results.size());
            return results;
        }
    }

    private static void holds(List<ExpectResult> results) {
        results.forEach(r -> assertEquals(ExpectResult.Outcome.PASSED, r.outcome(), r.toString()));
    }

    @Test
    void theCigaretteStrandsTheRefreshersFreesOnTheLoadersPagesOfTheCore() throws IOException {
        holds(replay(cigarette, "cigarette.expect", AgentOptions.core()));
    }

    @Test
    void theCigaretteDoublesResidentMemoryOnMimallocButNotOnGlibc() throws IOException {
        holds(replay(cigarette, "cigarette-mimalloc.expect", AgentOptions.system(SystemAllocator.MIMALLOC)));
        List<ExpectResult> glibc = replay(cigarette, "cigarette-mimalloc.expect", AgentOptions.system(SystemAllocator.GLIBC));
        assertEquals(ExpectResult.Outcome.FAILED, glibc.getFirst().outcome(), "glibc reuses the freed hotels: " + glibc);
    }

    @Test
    void theKeptNodesPinPagesOnTheCoreAndOnMimalloc() throws IOException {
        holds(replay(fragment, "fragment.expect", AgentOptions.core()));
        holds(replay(fragment, "fragment-mimalloc.expect", AgentOptions.system(SystemAllocator.MIMALLOC)));
    }
}
