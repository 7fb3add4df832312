package io.heapscope.cli;

import io.heapscope.agent.AgentOptions;
import io.heapscope.lesson.LessonChecker;
import io.heapscope.scenario.source.Diagnostic;

/** {@code heapscope check} on a {@code .lesson} file: one line, then each problem at file:line:col. */
final class LessonCheck {

    private LessonCheck() {
    }

    static ExitCode run(java.nio.file.Path file, Context ctx, AgentOptions agent) {
        LessonChecker.Report r = LessonChecker.check(file, Context.config(agent));
        long errors = r.problems().stream().filter(Diagnostic::isError).count();
        if (r.lesson().isEmpty()) {
            ctx.out().printf("ERROR %s: %d error(s); the lesson was not run%n", file, errors);
        } else {
            int stops = r.lesson().get().stops().size();
            ctx.out().printf("%s %s: %d stop(s), %d question(s), %d problem(s), %.2f s%n", r.ok() ? "PASS" : "FAIL",
                    file, stops, r.lesson().get().questions(), errors, r.wallNanos() / 1e9);
        }
        r.problems().forEach(d -> ctx.out().println("  " + d));
        if (r.ok()) {
            return ExitCode.OK;
        }
        if (r.agentFailed()) {
            return ExitCode.AGENT_FAILED;
        }
        boolean compiles = r.lesson().isPresent() && r.problems().stream()
                .noneMatch(d -> d.isError() && d.message().equals("the scenario does not compile"));
        return compiles ? ExitCode.EXPECT_FAILED : ExitCode.SCENARIO_ERROR;
    }
}
