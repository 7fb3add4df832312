package io.heapscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heapscope.app.adapt.SnapshotPicturesTest;
import io.heapscope.engine.Figures;
import io.heapscope.export.SnapshotDocument;
import io.heapscope.export.SnapshotJson;
import io.heapscope.ui.fx.FxDoor;
import io.heapscope.ui.pageinspector.PageBlocks;

/** File > Open snapshot without a stage: a saved file becomes a step picture; a bad one an error naming where. */
class SnapshotOpenerTest {

    private static final long SEG = 0x7f0000000000L;
    private static final Figures FIGURES = new Figures(40969, 40971, 5_000_000_000L, 4 << 20, 1L << 30, 256 << 10,
            47 * 320, 4 * 320, 1, 1, 0, 5379);

    @TempDir
    Path dir;

    private final TestPrompts prompts = new TestPrompts();
    private final List<SavedSnapshot> shown = new CopyOnWriteArrayList<>();
    private final SnapshotOpener opener = new SnapshotOpener(Runnable::run, FxDoor.on(Runnable::run), prompts, shown::add);

    private Path saved(String name) throws Exception {
        Path file = dir.resolve(name);
        SnapshotJson.write(SnapshotDocument.of("cigarette.scenario", 40969, "heapscope", FIGURES,
                SnapshotPicturesTest.snapshot()), file);
        return file;
    }

    @Test
    void aSavedSnapshotBecomesThePictureALiveStepWouldBe() throws Exception {
        Path file = saved("cig.json");
        prompts.openAnswer = file;
        opener.choose(dir);
        opener.open(file).join();

        assertEquals(2, shown.size());
        SavedSnapshot s = shown.get(0);
        StepPicture p = s.picture();
        assertEquals(40969, p.step());
        assertTrue(p.core());
        assertEquals("heapscope", p.allocator());
        assertEquals(FIGURES, p.figures().orElseThrow());
        assertEquals(SnapshotPicturesTest.snapshot(), p.snapshot().orElseThrow());
        assertEquals(1, p.timeline().points().size());
        assertEquals(4 * 320, p.timeline().points().get(0).pending());
        assertEquals(2, p.threads().size());
        PageBlocks page = p.pages().apply(SEG + 65536).orElseThrow();
        assertEquals(204, page.blockCount());
        assertEquals("thread 0", page.owner());
        assertTrue(s.status().contains("Saved snapshot cig.json"), s.status());
        assertTrue(s.status().contains("cigarette.scenario at step 40,969"), s.status());
    }

    @Test
    void aBadValueIsReportedWithTheFileAndItsJsonPath() throws Exception {
        Path file = saved("bad.json");
        String text = Files.readString(file);
        assertTrue(text.contains("\"kind\" : \"SMALL\""));
        Files.writeString(file, text.replace("\"kind\" : \"SMALL\"", "\"kind\" : \"TINY\""));
        prompts.recordErrors = true;

        opener.open(file).join();

        assertEquals(List.of(), shown);
        assertEquals(1, prompts.errors.size());
        String error = prompts.errors.get(0);
        assertTrue(error.startsWith("Cannot open snapshot: bad.json"), error);
        assertTrue(error.contains("JSON path: $.snapshot.pages[0].kind"), error);
    }

    @Test
    void notJsonAndMissingFilesAreErrorsToo() throws Exception {
        Path garbage = dir.resolve("notes.json");
        Files.writeString(garbage, "{ \"format\": ");
        prompts.recordErrors = true;

        opener.open(garbage).join();
        opener.open(dir.resolve("gone.json")).join();

        assertEquals(List.of(), shown);
        assertEquals(2, prompts.errors.size());
        assertTrue(prompts.errors.get(0).contains("notes.json") && prompts.errors.get(0).contains("JSON path: $\n"),
                prompts.errors.get(0));
        assertTrue(prompts.errors.get(1).contains("Cannot read gone.json"), prompts.errors.get(1));
    }

    @Test
    void truncatedInconsistentAndHugeFilesAreErrorsWithTheirJsonPath() throws Exception {
        Path cut = saved("cut.json");
        String text = Files.readString(cut);
        Files.writeString(cut, text.substring(0, text.length() / 3));
        Path inconsistent = saved("inconsistent.json");
        Files.writeString(inconsistent, Files.readString(inconsistent).replaceFirst("\"used\" : \\d+", "\"used\" : 99999"));
        Path huge = dir.resolve("huge.json");
        try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(500L << 20);   // sparse
        }
        prompts.recordErrors = true;

        opener.open(cut).join();
        opener.open(inconsistent).join();
        opener.open(huge).join();

        assertEquals(List.of(), shown);
        assertEquals(3, prompts.errors.size(), prompts.errors.toString());
        assertTrue(prompts.errors.get(0).contains("JSON path: $\n") && prompts.errors.get(0).contains("end-of-input"),
                prompts.errors.get(0));
        assertTrue(prompts.errors.get(1).contains("JSON path: $.snapshot.pages[0].used\n"), prompts.errors.get(1));
        assertTrue(prompts.errors.get(2).contains("the file is 500.0 MiB"), prompts.errors.get(2));
    }

    @Test
    void cancellingTheChooserOpensNothing() {
        opener.choose(dir);
        assertEquals(List.of(), shown);
        assertEquals(List.of(), prompts.errors);
    }
}
