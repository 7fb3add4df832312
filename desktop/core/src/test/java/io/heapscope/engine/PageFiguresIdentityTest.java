package io.heapscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.agent.SnapshotOptions;
import io.heapscope.model.BlockMap;
import io.heapscope.model.BlockState;
import io.heapscope.model.Page;
import io.heapscope.model.Snapshot;
import io.heapscope.model.ThreadInfo;
import io.heapscope.scenario.lang.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The one split of a page's blocks: live + pending + held free = capacity, on every page of every
 * shipped sample at evenly spaced steps, and each part equals what the page's block map shows.
 * The thread table's pending figure and the {@code in_use}/{@code pending} metrics are the sums of
 * the same per-page figures.
 */
class PageFiguresIdentityTest {

    /** Steps looked at per sample (plus the last): enough to pass through every phase of a sample. */
    private static final int STEPS_PER_SAMPLE = 24;

    static Path samples() {
        String dir = System.getProperty("heapscope.samples.dir");
        return dir != null ? Path.of(dir) : Path.of("../../samples");
    }

    @Test
    void liveAndPendingAndHeldFreeAddUpToCapacityOnEverySample() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(samples())) {
            files = list.filter(f -> f.toString().endsWith(".scenario")).sorted().toList();
        }
        assertTrue(files.size() >= 14, "the samples are there: " + files.size());
        long pagesSeen = 0;
        long pendingSeen = 0;
        for (Path file : files) {
            String text = Files.readString(file);
            EngineConfig config = Scenarios.headless().withSnapshots(SnapshotOptions.ALL);
            try (Engine e = new Engine(Scenarios.compile(text), config)) {
                long total = e.position().totalSteps();
                for (int k = 0; k <= STEPS_PER_SAMPLE; k++) {
                    long step = total * k / STEPS_PER_SAMPLE;
                    e.goToStep(step);
                    String where = file.getFileName() + " step " + e.position().step();
                    Snapshot s = e.snapshot();
                    long live = 0;
                    long pending = 0;
                    for (Page p : s.pages()) {
                        String at = where + String.format(" page 0x%x", p.pageStart());
                        assertEquals(p.capacity(), p.liveBlocks() + p.pendingBlocks() + p.heldFreeBlocks(), at);
                        assertTrue(p.liveBlocks() >= 0, at + ": live " + p.liveBlocks());
                        BlockMap map = p.blocks();
                        assertTrue(map.captured(), at + ": block states were asked for");
                        assertEquals(p.liveBlocks(), map.count(BlockState.IN_USE), at + " live");
                        assertEquals(p.pendingBlocks(), map.count(BlockState.THREAD_FREE)
                                + map.count(BlockState.DELAYED), at + " pending");
                        assertEquals(p.heldFreeBlocks(), map.count(BlockState.FREE)
                                + map.count(BlockState.LOCAL_FREE), at + " held free");
                        live += p.liveBytes();
                        pending += p.pendingBytes();
                        pagesSeen++;
                        pendingSeen += p.pendingBlocks();
                    }
                    MetricValues m = e.metrics();
                    assertEquals(live, (long) m.read(Metric.IN_USE, Optional.empty()), where + " in_use");
                    assertEquals(pending, (long) m.read(Metric.PENDING, Optional.empty()), where + " pending");
                    for (ThreadInfo t : s.threads()) {
                        long ofPages = s.pagesOfThread(t.index()).stream().mapToLong(Page::pendingBlocks).sum();
                        assertEquals(ofPages, t.pendingBlocks(), where + " thread " + t.index() + " pending");
                    }
                }
            }
        }
        assertTrue(pagesSeen > 0 && pendingSeen > 0, "the samples reach pages with pending blocks");
    }
}
