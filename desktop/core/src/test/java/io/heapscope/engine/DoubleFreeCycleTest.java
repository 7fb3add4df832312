package io.heapscope.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.SnapshotOptions;
import io.heapscope.model.BlockState;
import io.heapscope.model.Page;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The shipped double-free sample on the core: before the forced collect the page's local_free
 * list loops (what the page inspector draws ends with the block it comes back to); the collect's
 * step reports FREE_LIST_CYCLE in its events and a note on its line; the run goes on to its end.
 */
class DoubleFreeCycleTest {

    @Test
    void theCycleIsVisibleBeforeTheCollectAndReportedByIt() throws IOException {
        Path sample = Path.of("../../samples/double-free-unchecked.scenario");
        var program = Scenarios.compile(Files.readString(sample));
        EngineConfig config = EngineConfig.headless(AgentOptions.core()).withSnapshots(SnapshotOptions.ALL);
        try (Engine engine = new Engine(program, config)) {
            StepOutcome at = engine.runToLine(21);
            assertEquals(21, at.position().line(), at.detail());
            Page page = engine.snapshot().pages().stream().filter(p -> p.localFreeCount() > 0).findFirst().orElseThrow();
            int[] local = engine.freeList(page.pageStart(), BlockState.LOCAL_FREE, page.reserved());
            int last = local[local.length - 1];
            assertTrue(local.length >= 2 && Arrays.stream(local, 0, local.length - 1).anyMatch(i -> i == last),
                    "local_free comes back to block " + last + ": " + Arrays.toString(local));
            assertEquals(3, local[0], "a[3], freed twice, heads the list and links to itself");

            StepOutcome collect = engine.step();
            assertTrue(collect.events().stream().anyMatch(e -> e.kind().equals("FREE_LIST_CYCLE")), collect.events().toString());
            assertTrue(collect.notes().stream().anyMatch(n -> n.startsWith("test.scenario:21:1: note: FREE_LIST_CYCLE: walking a"
                    + " free list of the page at 0x" + Long.toHexString(page.pageStart()))), collect.notes().toString());
            int[] free = engine.freeList(page.pageStart(), BlockState.FREE, page.reserved());
            assertEquals(free.length, Arrays.stream(free).distinct().count(), "the cut list no longer loops");

            StepOutcome end = engine.run();
            assertEquals(StopReason.END, end.reason(), end.detail());
            assertTrue(engine.expectResults().stream().noneMatch(ExpectResult::failed), engine.expectResults().toString());
        }
    }
}
