package io.heapscope.app.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.SnapshotOptions;
import io.heapscope.app.AppServices;
import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.ScenarioRun;
import io.heapscope.model.Page;
import io.heapscope.model.Snapshot;
import io.heapscope.scenario.op.Program;
import io.heapscope.ui.addressspace.AddressSpaceData;
import io.heapscope.ui.addressspace.SegmentSlices;

/**
 * "By use" tells the shipped fragmentation-requests story at a glance: at its end most pages
 * hold a kept node or two among blocks all freed, so they are coloured in the lightest step.
 */
class FillLevelTest {

    @Test
    void theFragmentationSamplesPinnedPagesAreAlmostEmpty() throws Exception {
        Path file = AppServices.defaultSamplesDir().resolve("fragmentation-requests.scenario");
        Program program = ScenarioRun.compile(file.getFileName().toString(), Files.readString(file)).program()
                .orElseThrow();
        ScenarioRun.Report r = ScenarioRun.run(program,
                EngineConfig.headless(AgentOptions.core()).withSnapshots(SnapshotOptions.ALL), java.util.OptionalLong.empty());
        Snapshot s = r.snapshot();
        AddressSpaceData space = SnapshotPictures.addressSpace(s, program.threads());
        List<Integer> shares = new ArrayList<>();
        for (SegmentSlices seg : space.segments()) {
            for (int i = 0; i < seg.sliceCount(); i++) {
                if (seg.spanStart()[i] == i && seg.kind(i).isPage()) {
                    shares.add((int) seg.live()[i]);
                }
            }
        }
        assertEquals(s.pages().size(), shares.size(), "every page has its live share");
        long pinned = shares.stream().filter(p -> p > 0 && p <= 10).count();
        assertTrue(pinned * 2 > shares.size(), "most pages are pinned by a few live blocks: " + shares);
        for (Page p : s.pages()) {
            int expected = (int) Math.min(100, (Math.max(0, p.liveBlocks()) * 100L + p.reserved() - 1) / p.reserved());
            assertEquals(expected, SnapshotPictures.livePercent(p), "rounded up: one live block is never 0 %");
        }
    }
}
