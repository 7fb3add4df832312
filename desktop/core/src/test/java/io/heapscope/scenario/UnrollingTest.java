package io.heapscope.scenario;

import static io.heapscope.scenario.ScenarioTestSupport.ops;
import static io.heapscope.scenario.ScenarioTestSupport.program;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.heapscope.scenario.op.HandleKey;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.OptionValue;
import io.heapscope.scenario.op.Origin;
import io.heapscope.scenario.op.Program;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the compiler emits for valid scenarios: loops unrolled into concrete ops. */
class UnrollingTest {

    @Test
    void emitsOneOpPerStatementAndStartsThreadsOnFirstUse() {
        Program program = program(
                "thread main, worker",
                "main: a = malloc 64 B",
                "worker: free a",
                "sleep 2 ms",
                "set purge_delay = 10ms",
                "mark m");
        List<Origin> at = program.statements();
        HandleKey a = HandleKey.single("a");
        assertEquals(List.of(
                new Op.ThreadStart(at.get(1), 0, "main", true),
                new Op.Alloc(at.get(1), 0, "main", a, 64, Op.Alloc.NATURAL, false, Optional.empty()),
                new Op.ThreadStart(at.get(2), 1, "worker", true),
                new Op.Free(at.get(2), 1, "worker", a),
                new Op.Sleep(at.get(3), 2, 2_000_000),
                new Op.SetOption(at.get(4), 3, "purge_delay", new OptionValue.Duration(10_000_000)),
                new Op.Mark(at.get(5), 4, "m")), program.ops());
        assertEquals(List.of("main", "worker"), program.threads());
    }

    @Test
    void unrollsNestedLoopsWithIndexArithmetic() {
        Program program = program(
                "thread main",
                "main: for i in 0..3 {",
                "  repeat 2 as j {",
                "    g[i * 2 + j] = malloc (i + 1) * 16 B",
                "  }",
                "}");
        List<Op.Alloc> allocs = program.ops().stream()
                .filter(Op.Alloc.class::isInstance).map(Op.Alloc.class::cast).toList();
        assertEquals(List.of("g[0]", "g[1]", "g[2]", "g[3]", "g[4]", "g[5]"),
                allocs.stream().map(op -> op.handle().toString()).toList());
        assertEquals(List.of(16L, 16L, 32L, 32L, 48L, 48L),
                allocs.stream().map(Op.Alloc::size).toList());
        assertEquals(List.of(0, 1, 2, 3, 4, 5), allocs.stream().map(Op::step).toList());
        Origin origin = allocs.getFirst().origin();
        assertEquals(3, origin.statement());
        assertEquals("t.scenario:4:5-4:41", origin.span().toString());
        assertEquals(1, origin.outer());
        assertEquals("t.scenario:2:1-6:2", origin.outerSpan().toString());
        assertTrue(origin.inLoop());
        assertSame(origin, allocs.getLast().origin());
    }

    @Test
    void givesAllOpsOfARangedStatementOneStep() {
        List<Op> ops = ops("thread main", "main: h[0..4] = malloc 8", "main: free h[1..3]");
        assertEquals(List.of(0, 0, 0, 0, 0, 1, 1), ops.stream().map(Op::step).toList());
        Op.Alloc alloc = (Op.Alloc) ops.get(2);
        Op.Free free = (Op.Free) ops.get(5);
        assertEquals("h[1]", free.handle().toString());
        assertEquals(alloc.handle(), free.handle());
    }

    @Test
    void compilesCallocZallocAlignmentAndHeaps() {
        List<Op> ops = ops("thread main",
                "main: new heap h",
                "main: c = calloc 10 x 8 B in h",
                "main: z = zalloc 1 KiB align 64");
        Op.Alloc calloc = (Op.Alloc) ops.get(2);
        assertEquals(80, calloc.size());
        assertTrue(calloc.zero());
        assertEquals(Optional.of("h"), calloc.heap());
        Op.Alloc zalloc = (Op.Alloc) ops.get(3);
        assertEquals(1024, zalloc.size());
        assertEquals(64, zalloc.align());
        assertTrue(zalloc.zero());
        assertEquals(Optional.empty(), zalloc.heap());
    }

    @Test
    void compilesBothReallocForms() {
        CompileResult result = ScenarioTestSupport.compile("thread main",
                "main: a = malloc 8",
                "main: realloc a 16",
                "main: b = realloc a 32",
                "main: free b");
        List<Op> ops = result.program().orElseThrow().ops();
        HandleKey a = HandleKey.single("a");
        HandleKey b = HandleKey.single("b");
        Op.Realloc inPlace = (Op.Realloc) ops.get(2);
        assertEquals(List.of(a, a, 16L), List.of(inPlace.from(), inPlace.to(), inPlace.size()));
        Op.Realloc moving = (Op.Realloc) ops.get(3);
        assertEquals(List.of(a, b, 32L), List.of(moving.from(), moving.to(), moving.size()));
        assertEquals(List.of(), result.diagnostics());
    }

    @Test
    void threadCommandsEmitTheirOps() {
        List<Op> ops = ops("thread main",
                "main: start",
                "main: park",
                "main: wake",
                "main: collect force",
                "main: exit");
        assertEquals(List.of(Op.ThreadStart.class, Op.ThreadPark.class, Op.ThreadWake.class,
                Op.Collect.class, Op.ThreadExit.class), ops.stream().map(Object::getClass).toList());
        assertEquals(false, ((Op.ThreadStart) ops.getFirst()).implicit());
        assertTrue(((Op.Collect) ops.get(3)).force());
    }

    @Test
    void heapUseSendsDefaultAllocationsThereUntilSwitchedBack() {
        List<Op> ops = ops("thread main",
                "main: new heap h",
                "main: use heap h",
                "main: a = malloc 8",
                "main: use heap backing",
                "main: delete heap h",
                "main: free a");
        assertEquals(List.of(Op.ThreadStart.class, Op.HeapNew.class, Op.HeapSetDefault.class,
                Op.Alloc.class, Op.HeapSetDefault.class, Op.HeapDelete.class, Op.Free.class),
                ops.stream().map(Object::getClass).toList());
        assertEquals("backing", ((Op.HeapSetDefault) ops.get(4)).heap());
    }

    @Test
    void exitingThreadDeletesItsHeapsButItsBlocksStayLive() {
        CompileResult result = ScenarioTestSupport.compile("thread main, worker",
                "worker: new heap w",
                "worker: x = malloc 8 in w",
                "worker: exit",
                "main: free x",
                "main: new heap w");
        assertTrue(result.ok());
        assertEquals(List.of(), result.diagnostics());
    }

    @Test
    void setOptionKeepsTheKindOfItsValue() {
        List<Op> ops = ops("set a = on", "set b = false", "set c = -1", "set d = 256 MiB",
                "set e = 1.5 s");
        assertEquals(List.of(new OptionValue.Flag(true), new OptionValue.Flag(false),
                new OptionValue.Count(-1), new OptionValue.Size(256L << 20),
                new OptionValue.Duration(1_500_000_000L)),
                ops.stream().map(op -> ((Op.SetOption) op).value()).toList());
    }

    @Test
    void programListsEveryStatementInPreOrder() {
        Program program = program("thread main",
                "main: repeat 2 {",
                "  a = malloc 8",
                "  free a",
                "}",
                "mark end");
        assertEquals(List.of(0, 1, 2, 3, 4), program.statements().stream()
                .map(Origin::statement).toList());
        assertEquals(List.of(0, 1, 1, 1, 4), program.statements().stream()
                .map(Origin::outer).toList());
        assertEquals(List.of(1, 2, 3, 4, 6), program.statements().stream()
                .map(o -> o.span().line()).toList());
    }

    @Test
    void eachOpKnowsTheLoopIterationsItRunsIn() {
        Program program = program(
                "thread main",
                "main: x = malloc 8 B",
                "main: for i in 0..3 {",
                "  repeat 2 {",
                "    for j in 5..7 {",
                "      a[i * 10 + j] = malloc 16 B",
                "    }",
                "  }",
                "}",
                "main: free x");
        List<Op> ops = program.ops();
        assertEquals("", program.loopVariables(1), "outside every loop");
        int first = -1;
        for (int k = 0; k < ops.size(); k++) {
            if (ops.get(k) instanceof Op.Alloc a && a.handle().name().equals("a")) {
                if (first < 0) {
                    first = k;
                }
                long index = a.handle().index();
                assertEquals("i = " + index / 10 + ", j = " + index % 10, program.loopVariables(k),
                        "a repeat without a variable adds nothing; outer first");
            }
        }
        assertEquals("i = 0, j = 5", program.loopVariables(first));
        assertEquals("", program.loopVariables(ops.size() - 1), "after the loop");
        assertEquals("", program.loopVariables(ops.size()), "past the end");
    }
}
