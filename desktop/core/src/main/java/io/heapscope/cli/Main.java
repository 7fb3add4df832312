package io.heapscope.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The command line: {@code heapscope run|check|export|ops|diff|compare|record|replay|trace-to-scenario}. {@link #execute} is the whole
 * program with its streams passed in (for tests); {@link #main} exits with its status.
 */
public final class Main {

    static final String HELP = """
            usage: heapscope COMMAND [OPTIONS]

            Runs allocator scenarios on the Heapscope agent without the window.

            commands:
              run FILE            run a scenario to its end and print a summary
              check FILE|DIR...   run scenarios and check their expects; check lessons
              export FILE         write the snapshot at a step as JSON, the history as CSV
              ops FILE            print the compiled operations
              compare FILE        run a scenario on several backends, one row each
              diff A.json B.json  print the structural difference between two snapshots
              record -o OUT -- CMD  run a command under the recorder, writing a trace
              replay FILE         replay a trace on a backend and print a summary
              trace-to-scenario FILE  write a range of a trace as a scenario
              help [COMMAND]      this text, or a command's
              app [FILE]          open the window on a scenario or lesson (./heapscope app [--screenshot PNG])
              lesson export FILE  write a lesson as one HTML page (./heapscope lesson export FILE --html OUT)

            exit status:
            %s
            The agent is native/build/heapscope-agent (or -Dheapscope.native.dir=DIR).
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs one command line; returns the exit status. */
    public static int execute(String[] argv, PrintStream out, PrintStream err) {
        List<String> args = Arrays.asList(argv);
        Context ctx = new Context(out, err, System.console() != null);
        if (args.isEmpty()) {
            err.print(help());
            return ExitCode.USAGE.status();
        }
        String command = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        try {
            List<String> own = command.equals("record") && rest.contains("--") ? rest.subList(0, rest.indexOf("--")) : rest;
            if (own.contains("--help") || own.contains("-h")) {
                out.print(helpOf(command));
                return ExitCode.OK.status();
            }
            ExitCode code = switch (command) {
                case "run" -> RunCommand.run(rest, ctx);
                case "check" -> CheckCommand.run(rest, ctx);
                case "export" -> ExportCommand.run(rest, ctx);
                case "ops" -> OpsCommand.run(rest, ctx);
                case "diff" -> DiffCommand.run(rest, ctx);
                case "compare" -> CompareCommand.run(rest, ctx);
                case "record" -> RecordCommand.run(rest, ctx);
                case "replay" -> ReplayCommand.run(rest, ctx);
                case "trace-to-scenario" -> TraceToScenarioCommand.run(rest, ctx);
                case "help", "--help", "-h" -> {
                    out.print(rest.isEmpty() ? help() : helpOf(rest.getFirst()));
                    yield ExitCode.OK;
                }
                default -> throw new UsageException("unknown command '" + command + "'");
            };
            return code.status();
        } catch (UsageException e) {
            err.println("heapscope: " + e.getMessage());
            err.println("try 'heapscope " + (isCommand(command) ? command + " --help" : "--help") + "'");
            return ExitCode.USAGE.status();
        } catch (CliFailure e) {
            err.println("heapscope: " + e.getMessage());
            return e.code().status();
        }
    }

    static String help() {
        StringBuilder codes = new StringBuilder();
        for (ExitCode c : ExitCode.values()) {
            codes.append(String.format("  %d  %s%n", c.status(), c.meaning()));
        }
        return HELP.formatted(codes.toString().stripTrailing());
    }

    private static String helpOf(String command) throws UsageException {
        return switch (command) {
            case "run" -> RunCommand.HELP;
            case "check" -> CheckCommand.HELP;
            case "export" -> ExportCommand.HELP;
            case "ops" -> OpsCommand.HELP;
            case "diff" -> DiffCommand.HELP;
            case "compare" -> CompareCommand.HELP;
            case "record" -> RecordCommand.HELP;
            case "replay" -> ReplayCommand.HELP;
            case "trace-to-scenario" -> TraceToScenarioCommand.HELP;
            case "help", "--help", "-h" -> help();
            default -> throw new UsageException("unknown command '" + command + "'");
        };
    }

    private static boolean isCommand(String word) {
        return List.of("run", "check", "export", "ops", "diff", "compare", "record", "replay",
                "trace-to-scenario").contains(word);
    }
}
