package io.heapscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.export.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports into folders that cannot take them fail before the run, with the folder named, and leave nothing behind. */
class ExportOutputTest {

    private static final String SAMPLE = "../../samples/double-free-unchecked.scenario";

    @TempDir
    Path dir;

    private static List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        }
    }

    @Test
    void aMissingParentFolderIsNamedAndNothingIsCreated() throws IOException {
        Path json = dir.resolve("missing/deeper/s.json");
        CliTest.Result r = CliTest.cli("export", SAMPLE, "--json", json.toString(), "--no-progress");
        assertEquals(ExitCode.IO_ERROR.status(), r.status(), r.err());
        assertTrue(r.err().contains("cannot write " + json + ": the folder " + json.getParent()
                + " does not exist; nothing was run"), r.err());
        assertEquals(List.of(), listing(dir), "no folder or file was made");
    }

    @Test
    void aCsvIntoAMissingFolderStopsTheJsonToo() throws IOException {
        Path json = dir.resolve("s.json");
        Path csv = dir.resolve("nope/h.csv");
        CliTest.Result r = CliTest.cli("export", SAMPLE, "--json", json.toString(), "--csv", csv.toString(), "--no-progress");
        assertEquals(ExitCode.IO_ERROR.status(), r.status(), r.err());
        assertTrue(r.err().contains("the folder " + csv.getParent() + " does not exist"), r.err());
        assertFalse(Files.exists(json), "no half of the export was written");
    }

    /**
     * A folder this process cannot create files in: a read-only one, or, for root (whom
     * permission bits do not stop), sysfs, which takes no new files from anyone.
     */
    private Path readOnlyFolder() throws IOException {
        Path ro = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Files.delete(Files.createTempFile(ro, "probe", ".tmp"));
            return Path.of("/sys");
        } catch (IOException refused) {
            return ro;
        }
    }

    @Test
    void aReadOnlyFolderIsRefusedBeforeTheRun() throws IOException {
        Path json = readOnlyFolder().resolve("heapscope-export-test.json");
        CliTest.Result r = CliTest.cli("export", SAMPLE, "--json", json.toString(), "--no-progress");
        assertEquals(ExitCode.IO_ERROR.status(), r.status(), r.err());
        assertTrue(r.err().contains("cannot write " + json + ": the folder " + json.getParent()
                + " does not take new files"), r.err());
        assertTrue(r.err().contains("nothing was run"), r.err());
        assertFalse(Files.exists(json));
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aWriteThatFailsHalfWayLeavesTheOldFileAndNoTemporaryOne() throws IOException {
        Path target = dir.resolve("s.json");
        Files.writeString(target, "{\"old\": true}\n");
        OutputFiles.Unwritable e = assertThrows(OutputFiles.Unwritable.class, () -> OutputFiles.write(target, out -> {
            out.write("{\"half\": ");
            out.flush();
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().contains("cannot write " + target + ": No space left on device; nothing was written"),
                e.getMessage());
        assertEquals("{\"old\": true}\n", Files.readString(target));
        assertEquals(List.of(target), listing(dir), "no temporary file is left");
    }

    @Test
    void anExportStillWritesWholeFiles() throws IOException {
        Path json = dir.resolve("s.json");
        Files.writeString(json, "old");
        CliTest.Result r = CliTest.cli("export", SAMPLE, "--json", json.toString(), "--no-progress");
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(json).contains("\"format\" : \"heapscope-snapshot\"")
                || Files.readString(json).contains("\"format\":\"heapscope-snapshot\""), "the new export replaced the old file");
        assertEquals(List.of(json), listing(dir));
    }
}
