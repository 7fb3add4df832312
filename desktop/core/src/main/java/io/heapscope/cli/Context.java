package io.heapscope.cli;

import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.Backends;
import io.heapscope.engine.EngineConfig;
import io.heapscope.engine.EngineException;
import io.heapscope.engine.ScenarioRun;
import io.heapscope.scenario.CompileResult;
import io.heapscope.scenario.op.Program;
import io.heapscope.scenario.source.Diagnostic;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** What every command shares: the output streams, reading scenarios, and running them. */
record Context(PrintStream out, PrintStream err, boolean progress) {

    /** Compiles a file, printing its diagnostics; fails with the scenario-error status on errors. */
    Program compile(Path file) throws CliFailure {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CliFailure(ExitCode.IO_ERROR, file + ": no such file");
        } catch (IOException e) {
            throw new CliFailure(ExitCode.IO_ERROR, file + ": " + e.getMessage());
        }
        CompileResult compiled = ScenarioRun.compile(file.toString(), text);
        for (Diagnostic d : compiled.diagnostics()) {
            err.println(d);
        }
        if (compiled.program().isEmpty()) {
            throw new CliFailure(ExitCode.SCENARIO_ERROR, file + ": " + compiled.errors().size()
                    + " error(s); nothing was run");
        }
        return compiled.program().get();
    }

    /** Runs to a step or the end, with a progress bar on a terminal. */
    ScenarioRun.Report run(Program program, EngineConfig config, OptionalLong stopAt, String label)
            throws CliFailure {
        TerminalProgress bar = new TerminalProgress(err, label);
        EngineConfig withBar = progress ? config.withProgress(bar) : config;
        try {
            ScenarioRun.Report report = ScenarioRun.run(program, withBar, stopAt);
            bar.done();
            if (report.failed()) {
                throw new CliFailure(ExitCode.AGENT_FAILED, report.outcome().detail());
            }
            report.outcome().notes().forEach(err::println);
            return report;
        } catch (EngineException e) {
            bar.done();
            throw new CliFailure(ExitCode.AGENT_FAILED, e.getMessage());
        }
    }

    /** The agent options for a {@code --backend} name; a usage error naming the choices for an unknown one. */
    static AgentOptions backend(String name) throws UsageException {
        try {
            return Backends.forName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static EngineConfig config(AgentOptions agent) {
        return EngineConfig.headless(agent);
    }
}
