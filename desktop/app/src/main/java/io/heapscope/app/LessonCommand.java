package io.heapscope.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.heapscope.engine.EngineException;
import io.heapscope.lesson.LessonException;

/**
 * {@code heapscope lesson export FILE --html OUT}: a lesson as one self-contained HTML page. It
 * draws its pictures with Java2D, headless; the launcher runs it with the window's classes.
 */
public final class LessonCommand {

    static final String HELP = """
            usage: heapscope lesson export FILE --html OUT

            Runs the lesson's scenario from stop to stop and writes one HTML page to OUT: each
            stop's narration, a PNG picture of the heap there (embedded), its question, and the
            answer with the explanation folded away. A lesson that does not hold is refused with
            its problems as file:line:col (status 1; 3 if it does not parse), and nothing is written.
            """;

    /** The command line's exit statuses, as docs/cli.md lists them (the window's module does not import the command line). */
    static final int OK = 0;
    static final int NOT_HOLDING = 1;
    static final int USAGE = 2;
    static final int NOT_PARSING = 3;
    static final int AGENT_FAILED = 4;
    static final int IO_ERROR = 5;

    private LessonCommand() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(List.of(args), System.out, System.err));
    }

    static int execute(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(HELP);
            return OK;
        }
        int html = args.indexOf("--html");
        if (args.size() != 4 || !args.getFirst().equals("export") || html != 2) {
            err.println("heapscope: expected 'lesson export FILE --html OUT'");
            err.print(HELP);
            return USAGE;
        }
        Path file = Path.of(args.get(1));
        Path target = Path.of(args.get(3));
        if (!Files.isRegularFile(file)) {
            err.println("heapscope: " + file + ": no such file");
            return IO_ERROR;
        }
        try {
            var parsed = io.heapscope.lesson.LessonParser.parse(file, Files.readString(file));
            if (!parsed.ok()) {
                parsed.diagnostics().forEach(err::println);
                return NOT_PARSING;
            }
            int stops = LessonExport.export(file, target);
            out.println("wrote " + target + " (" + stops + " stops, " + Files.size(target) / 1024 + " KiB)");
            return OK;
        } catch (LessonException e) {
            e.diagnostics().forEach(err::println);
            return NOT_HOLDING;
        } catch (EngineException e) {
            err.println("heapscope: " + e.getMessage());
            return AGENT_FAILED;
        } catch (IOException e) {
            err.println("heapscope: " + e.getMessage());
            return IO_ERROR;
        }
    }
}
