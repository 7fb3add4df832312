package io.heapscope.engine;

import io.heapscope.agent.AgentOptions;
import io.heapscope.model.Page;
import io.heapscope.model.Snapshot;
import io.heapscope.scenario.CompileResult;
import io.heapscope.scenario.ScenarioCompiler;
import io.heapscope.scenario.op.Program;
import java.util.Comparator;
import java.util.List;

/** Test helpers: compile text, make engines, and compare heaps independently of addresses. */
final class Scenarios {

    static final String SMALL = """
            thread main, worker
            main: keep = malloc 64 B
            main: for i in 0..40 {
              a[i] = malloc 1 KiB
            }
            worker: free a[0..20]; worker: w = malloc 16 B
            mark half
            expect pending(main) == 20 * 1 KiB "worker's frees wait on main's pages"
            main: collect
            expect pending(main) == 0
            worker: exit
            main: b = malloc 4 KiB
            """;

    private Scenarios() {
    }

    static Program compile(String text) {
        CompileResult r = ScenarioCompiler.compile("test.scenario", text);
        if (!r.ok()) {
            throw new AssertionError(r.diagnostics().toString());
        }
        return r.program().orElseThrow();
    }

    static EngineConfig headless() {
        return EngineConfig.headless(AgentOptions.core());
    }

    static Engine engine(String text) {
        return new Engine(compile(text), headless());
    }

    /** What a heap looks like, without addresses (which differ between agent processes). */
    static String shape(Snapshot s) {
        List<Page> pages = s.pages().stream().sorted(Comparator.comparingLong(Page::blockSize)
                .thenComparingInt(Page::thread).thenComparingInt(Page::used).thenComparingInt(Page::freeCount))
                .toList();
        StringBuilder sb = new StringBuilder();
        sb.append("segments=").append(s.segments().size()).append(" heaps=").append(s.heaps().size())
                .append(" committed=").append(s.stats().current("committed", -1))
                .append(" page_used=").append(s.stats().current("page_used", -1)).append('\n');
        for (Page p : pages) {
            sb.append(p.kind()).append(' ').append(p.blockSize()).append(" t").append(p.thread())
                    .append(" cap=").append(p.capacity()).append(" used=").append(p.used())
                    .append(" free=").append(p.freeCount()).append(" local=").append(p.localFreeCount())
                    .append(" tf=").append(p.threadFreeCount()).append(" d=").append(p.delayedCount())
                    .append(" full=").append(p.inFull()).append('\n');
        }
        return sb.toString();
    }
}
