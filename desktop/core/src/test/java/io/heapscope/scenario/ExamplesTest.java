package io.heapscope.scenario;

import static io.heapscope.scenario.ScenarioTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.op.HandleKey;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The example scenarios compile cleanly and tell the stories they claim to. */
class ExamplesTest {

    static List<String> examples() {
        return ScenarioTestSupport.EXAMPLES;
    }

    private static Program compileExample(String name) {
        CompileResult result = ScenarioCompiler.compile(name, resource(name));
        // secure-mode and double-free-unchecked free twice on purpose (the core catching it, and what
        // an unchecked double free does to a list); nothing else may warn
        boolean freesTwiceOnPurpose = name.equals("secure-mode.scenario") || name.equals("double-free-unchecked.scenario");
        assertEquals(List.of(), result.diagnostics().stream().filter(d -> d.isError()
                || !(freesTwiceOnPurpose && d.message().startsWith("double free"))).toList());
        return result.program().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void compilesWithoutAnUnintendedDiagnostic(String name) {
        assertTrue(compileExample(name).ops().size() > 10);
    }

    @Test
    void cigaretteFreesEveryHotelFromTheRefresherWhileMainIsParked() {
        List<Op> ops = compileExample("cigarette.scenario").ops();
        // 8,192 x (malloc, touch) by main, 8,192 x (malloc, touch, free) by the refresher, 13 other statements
        assertEquals(5 * 8192 + 13, ops.size());
        Map<HandleKey, String> allocatedBy = new HashMap<>();
        boolean mainParked = false;
        int crossThreadFrees = 0;
        for (Op op : ops) {
            switch (op) {
                case Op.ThreadPark park -> mainParked |= park.thread().equals("main");
                case Op.ThreadWake wake -> mainParked &= !wake.thread().equals("main");
                case Op.Alloc alloc -> allocatedBy.put(alloc.handle(), alloc.thread());
                case Op.Free free -> {
                    assertEquals("main", allocatedBy.get(free.handle()));
                    assertEquals("refresher", free.thread());
                    assertTrue(mainParked, "main sleeps while its hotels are freed");
                    crossThreadFrees++;
                }
                default -> {
                }
            }
            if (op instanceof Op.ThreadOp threadOp && mainParked) {
                assertTrue(!threadOp.thread().equals("main") || op instanceof Op.ThreadPark,
                        "main runs nothing while parked");
            }
        }
        assertEquals(8192, crossThreadFrees);
        assertEquals(2 * 8192, allocatedBy.size());
    }

    @Test
    void cigaretteExpectsMemoryToRoughlyDoubleAgainstItsMarks() {
        List<Op> ops = compileExample("cigarette.scenario").ops();
        List<String> marks = ops.stream().filter(Op.Mark.class::isInstance)
                .map(op -> ((Op.Mark) op).name()).toList();
        assertEquals(List.of("start", "loaded"), marks);
        List<String> expects = ops.stream().filter(Op.Expect.class::isInstance)
                .map(op -> ((Op.Expect) op).describe()).toList();
        assertTrue(expects.contains("rss - rss@start >= 1.8 * (rss@loaded - rss@start)"),
                expects::toString);
        assertTrue(expects.contains("pending(main) >= 16 MiB"), expects::toString);
    }

    @Test
    void requestHeapIsDestroyedWithEverythingAllocatedInIt() {
        List<Op> ops = compileExample("request-heap.scenario").ops();
        long inRequest = ops.stream().filter(op -> op instanceof Op.Alloc alloc
                && alloc.heap().isPresent()).count();
        assertEquals(101, inRequest);
        assertTrue(ops.stream().anyMatch(op -> op instanceof Op.HeapDestroy destroy
                && destroy.heap().equals("request")));
    }

    private static int indexOf(List<Op> ops, Class<? extends Op> type) {
        for (int i = 0; i < ops.size(); i++) {
            if (type.isInstance(ops.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
