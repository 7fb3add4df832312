package io.heapscope.cli;

import io.heapscope.compare.DiffJson;
import io.heapscope.compare.DiffText;
import io.heapscope.compare.SnapshotDiff;
import io.heapscope.export.SnapshotDocument;
import io.heapscope.export.SnapshotFileException;
import io.heapscope.export.OutputFiles;
import io.heapscope.export.SnapshotJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code heapscope diff A.json B.json}: the structural difference between two saved snapshots. */
final class DiffCommand {

    static final String HELP = """
            usage: heapscope diff A.json B.json [--json OUT]

            Reads two snapshots written by 'heapscope export' (or File > Export in the window) and
            prints what changed from A to B: segments and pages added, removed and changed (with
            the fields that differ), blocks whose state changed on pages in both, and per block
            size the change in pages, used blocks and used bytes.

              --json OUT   also write the diff as JSON (format heapscope-diff version 1);
                           '-' writes it to standard output instead of the text
            """;

    private DiffCommand() {
    }

    static ExitCode run(List<String> arguments, Context ctx) throws UsageException, CliFailure {
        Args args = Args.parse(arguments, Set.of("json"), Set.of());
        if (args.positional().size() != 2) {
            throw new UsageException("diff takes two snapshot files");
        }
        Path a = Path.of(args.positional().get(0));
        Path b = Path.of(args.positional().get(1));
        SnapshotDocument before = read(a);
        SnapshotDocument after = read(b);
        SnapshotDiff diff;
        try {
            diff = SnapshotDiff.of(before.snapshot(), after.snapshot());
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.IO_ERROR, a + " or " + b + ": " + e.getMessage());
        }
        String json = args.value("json").orElse(null);
        if (json == null || !json.equals("-")) {
            ctx.out().print(DiffText.render(diff, label(a, before), label(b, after)));
        }
        if (json != null) {
            String doc = DiffJson.write(side(a, before), side(b, after), diff);
            if (json.equals("-")) {
                ctx.out().println(doc);
            } else {
                try {
                    OutputFiles.write(Path.of(json), doc);
                } catch (OutputFiles.Unwritable e) {
                    throw new CliFailure(ExitCode.IO_ERROR, e.getMessage());
                }
                ctx.err().println("wrote " + json);
            }
        }
        return ExitCode.OK;
    }

    private static SnapshotDocument read(Path file) throws CliFailure {
        try {
            return SnapshotJson.read(file);
        } catch (SnapshotFileException e) {
            throw new CliFailure(ExitCode.IO_ERROR, e.getMessage());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String label(Path file, SnapshotDocument d) {
        return file + " (" + d.scenario() + " step " + d.step() + ", " + d.allocator() + ")";
    }

    private static DiffJson.Side side(Path file, SnapshotDocument d) {
        return new DiffJson.Side(file.toString(), d.scenario(), d.step(), d.allocator());
    }
}
