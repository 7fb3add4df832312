package io.heapscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Save dialogs start in the user's folder for new files and shipped samples, never in samples/. */
class SaveFolderTest {

    private static final Path SAMPLES = Path.of(System.getProperty("heapscope.samples.dir", "../../samples"));

    @Test
    void samplesAndNewFilesAreSavedInTheUsersFolder() throws Exception {
        try (AppServices services = AppServices.create(SAMPLES, Path.of("unused"), new FakeSession())) {
            Path sample = SAMPLES.resolve("cigarette.scenario");
            assertTrue(services.isSample(sample));
            assertEquals(AppServices.userDir(), services.saveDirFor(Optional.of(sample)));
            assertEquals(AppServices.userDir(), services.saveDirFor(Optional.empty()));
            Path own = Path.of(System.getProperty("java.io.tmpdir"), "mine", "leak.scenario");
            assertFalse(services.isSample(own));
            assertEquals(own.getParent(), services.saveDirFor(Optional.of(own)));
            assertFalse(AppServices.userDir().toAbsolutePath().normalize().startsWith(SAMPLES.toAbsolutePath().normalize()));
        }
    }
}
