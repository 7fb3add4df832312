package io.heapscope.app.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.heapscope.agent.AgentOptions;
import io.heapscope.app.AppServices;
import io.heapscope.engine.Engine;
import io.heapscope.engine.EngineConfig;
import io.heapscope.model.ThreadInfo;
import io.heapscope.scenario.CompileResult;
import io.heapscope.scenario.ScenarioCompiler;
import io.heapscope.scenario.op.Program;
import io.heapscope.ui.abandoned.AbandonedRow;

/** The Abandoned view's rows name the threads the agent names, on the shipped sample. */
class AbandonedRowsTest {

    @Test
    void mainReclaimsTheSegmentW1Abandoned() throws Exception {
        Path file = AppServices.defaultSamplesDir().resolve("thread-exit-reclaim.scenario");
        String text = Files.readString(file);
        CompileResult compiled = ScenarioCompiler.compile(file.getFileName().toString(), text);
        assertTrue(compiled.ok(), compiled.diagnostics().toString());
        Program program = compiled.program().orElseThrow();
        List<String> lines = text.lines().toList();
        int reclaimed = lines.indexOf("expect reclaimed_segments == 1 \"reclaimed on allocation\"") + 1;
        assertTrue(reclaimed > 0, "the sample's reclaim-on-allocation expect moved");
        try (Engine engine = new Engine(program, EngineConfig.headless(AgentOptions.core()))) {
            engine.runToLine(reclaimed);
            var snapshot = engine.snapshot();
            List<AbandonedRow> rows = SnapshotTables.abandoned(snapshot, program.threads());
            assertEquals(1, rows.size(), rows.toString());
            AbandonedRow row = rows.get(0);
            assertEquals("reclaimed", row.status());
            assertEquals("w1", row.abandonedBy());
            assertEquals("main", row.reclaimedBy(), "main's malloc reclaimed it, as the sample's expect says");
            assertTrue(snapshot.threads().stream().anyMatch(t -> t.state() == ThreadInfo.State.EXITED),
                    "w1 is listed as exited");
        }
    }
}
