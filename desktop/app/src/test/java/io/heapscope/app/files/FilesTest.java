package io.heapscope.app.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesTest {

    @TempDir
    Path dir;

    @Test
    void atomicWriteReplacesTheFileAndLeavesNoTemporaries() throws Exception {
        Path f = dir.resolve("sub/a.scenario");
        TextFiles.writeAtomically(f, "one");
        TextFiles.writeAtomically(f, "two ✓");
        assertEquals("two ✓", TextFiles.read(f));
        try (var files = Files.list(f.getParent())) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void recoveryKeepsThePathAndTextUntilCleared() throws Exception {
        RecoveryStore store = new RecoveryStore(dir);
        assertTrue(store.load().isEmpty());
        store.save(Optional.of(dir.resolve("x.scenario")), "thread main\n# edited\n");
        RecoveryStore.Recovered r = store.load().orElseThrow();
        assertEquals(Optional.of(dir.resolve("x.scenario").toAbsolutePath()), r.path());
        assertEquals("thread main\n# edited\n", r.text());
        store.save(Optional.empty(), "");
        assertEquals(Optional.empty(), store.load().orElseThrow().path());
        store.clear();
        assertFalse(Files.exists(store.file()));
    }

    @Test
    void recentFilesAreNewestFirstWithoutDuplicatesAndCapped() throws Exception {
        RecentFiles recent = new RecentFiles(dir);
        for (int i = 0; i < 12; i++) {
            recent.add(dir.resolve("f" + i + ".scenario"));
        }
        recent.add(dir.resolve("f5.scenario"));
        List<Path> list = new RecentFiles(dir).load();
        assertEquals(RecentFiles.MAX, list.size());
        assertEquals(dir.resolve("f5.scenario").toAbsolutePath(), list.get(0));
        assertEquals(dir.resolve("f11.scenario").toAbsolutePath(), list.get(1));
        assertEquals(1, list.stream().filter(p -> p.endsWith("f5.scenario")).count());
    }

    @Test
    void documentIsDirtyWhileTheTextDiffersFromTheSavedOne() {
        ScenarioDocument doc = new ScenarioDocument();
        doc.loaded(dir.resolve("c.scenario"), "a");
        assertFalse(doc.isDirty());
        assertEquals("c.scenario — Heapscope", doc.titleProperty().get());
        doc.textProperty().set("ab");
        assertTrue(doc.isDirty());
        assertEquals("• c.scenario — Heapscope", doc.titleProperty().get());
        doc.saved(dir.resolve("d.scenario"), "ab");
        assertFalse(doc.isDirty());
        doc.recovered(null, "", "lost text");
        assertTrue(doc.isDirty());
        assertEquals("untitled.scenario", doc.fileName());
    }
}
