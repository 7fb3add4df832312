package io.heapscope.agent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad frames and bad ops get ERROR frames that say what and where, and the agent keeps serving. */
class AgentErrorsTest {
    private AgentClient agent;

    @BeforeEach
    void start() {
        agent = AgentClient.start(AgentOptions.core().withTimeout(Duration.ofSeconds(20)));
        agent.run(new Op.ThreadStart(0), new Op.ThreadStart(1));
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private AgentErrorException fails(ErrorCode code, Op... ops) {
        AgentErrorException e = assertThrows(AgentErrorException.class, () -> agent.run(ops));
        assertEquals(code, e.code(), e.getMessage());
        agent.run(new Op.Validate());   // still serving
        return e;
    }

    @Test
    void freeOfAFreedHandleNamesTheOpAndKeepsWhatRanBefore() {
        AgentErrorException e = fails(ErrorCode.HANDLE_FREED,
                new Op.Alloc(0, 1, 10), new Op.Free(1, 1), new Op.Free(0, 1), new Op.Alloc(0, 2, 10));
        assertEquals(2, e.opIndex().orElseThrow());
        assertEquals(12 + 8 + 24 + 8, e.offset(), "offset of the third op in the frame");
        assertEquals(2, e.partial().results().size(), "the two ops before it ran");
        assertTrue(e.agentMessage().contains("already freed"), e.agentMessage());
        fails(ErrorCode.BAD_HANDLE, new Op.Free(0, 2));   // the op after the failure did not run
    }

    @Test
    void everyRuleHasItsCode() {
        fails(ErrorCode.BAD_HANDLE, new Op.Free(0, 77));
        agent.run(new Op.Alloc(0, 5, 16));
        fails(ErrorCode.HANDLE_LIVE, new Op.Alloc(1, 5, 16));
        fails(ErrorCode.BAD_THREAD, new Op.Alloc(9, 6, 16));
        fails(ErrorCode.BAD_THREAD, new Op.ThreadStart(0));
        agent.run(new Op.HeapNew(0, 3));
        AgentErrorException wrong = fails(ErrorCode.WRONG_THREAD, new Op.Alloc(1, 7, 16, 0, false, 3));
        assertTrue(wrong.agentMessage().contains("thread 0"), wrong.agentMessage());
        fails(ErrorCode.BAD_HEAP, new Op.Alloc(0, 7, 16, 0, false, 4));
        fails(ErrorCode.BAD_HEAP, new Op.HeapNew(0, 3));
        fails(ErrorCode.BAD_ARGUMENT, new Op.Alloc(0, 7, 16, 24, false, 0));
        fails(ErrorCode.BAD_ARGUMENT, new Op.SetOption("no_such_option", 1));
        fails(ErrorCode.BAD_ARGUMENT, new Op.Touch(0, 5, 1, 8, 100));
        fails(ErrorCode.UNSUPPORTED, new Op.Crash(Op.Crash.How.SEGFAULT));
        agent.run(new Op.ThreadExit(1));
        fails(ErrorCode.BAD_THREAD, new Op.Free(1, 5));
        agent.run(new Op.Free(0, 5));
    }

    @Test
    void freeRunningBatchesRefuseSharedHandlesAndRunTheRest() {
        Batch shared = new Batch(Batch.Mode.FREE_RUNNING, java.util.List.of(new Op.Alloc(0, 1, 8), new Op.Free(1, 1)));
        AgentErrorException e = assertThrows(AgentErrorException.class, () -> agent.run(shared));
        assertEquals(ErrorCode.BAD_ARGUMENT, e.code());
        java.util.List<Op> ops = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ops.add(new Op.Alloc(0, 10 + i, 32));
            ops.add(new Op.Alloc(1, 5000 + i, 48));
        }
        BatchResult r = agent.run(new Batch(Batch.Mode.FREE_RUNNING, ops));
        assertEquals(4000, r.results().size());
        Snapshots.checkDeltaAgainstFull(agent, "after a free-running batch");
    }

    /** Raw frames through the connection, for what the typed client cannot send. */
    private void raw(byte[] frame, ErrorCode code, long offset) throws IOException, InterruptedException {
        AgentConnection c = AgentConnection.start(AgentOptions.core());
        try {
            assertTrue(c.receive(10_000) instanceof AgentConnection.Frame);   // HELLO
            c.send(frame);
            AgentConnection.Frame reply = (AgentConnection.Frame) c.receive(10_000);
            AgentErrorException e = ReplyDecoder.error(reply.bytes(), java.util.List.of());
            assertEquals(code, e.code(), e.getMessage());
            assertEquals(offset, e.offset(), e.getMessage());
            c.send(FrameWriter.empty(Protocol.REQ_HELLO, 2));
            AgentConnection.Frame hello = (AgentConnection.Frame) c.receive(10_000);
            assertEquals(Protocol.REP_HELLO, hello.bytes()[5] & 0xFF, "still serving after " + code);
        } finally {
            c.kill();
        }
    }

    private static byte[] frame(int type, Consumer<FrameWriter> body) {
        FrameWriter w = new FrameWriter(type, 1);
        body.accept(w);
        return w.finish();
    }

    @Test
    void malformedFramesAreReportedWithTheirOffset() throws Exception {
        raw(frame(0x42, w -> {}), ErrorCode.UNKNOWN_FRAME, 5);
        byte[] v2 = frame(Protocol.REQ_HELLO, w -> {});
        v2[4] = 2;
        raw(v2, ErrorCode.BAD_VERSION, 4);
        raw(frame(Protocol.REQ_BATCH, w -> w.u8(0).u8(0).u16(0).u32(1).u8(Protocol.OP_ALLOC).u8(0).u16(0).u32(1)),
                ErrorCode.TRUNCATED, 28);
        raw(frame(Protocol.REQ_BATCH, w -> w.u8(0).u8(0).u16(0).u32(1).u8(99).u8(0).u16(0)), ErrorCode.UNKNOWN_OP, 20);
        raw(frame(Protocol.REQ_BATCH, w -> w.u8(0).u8(0).u16(0).u32(0).u8(1)), ErrorCode.TRAILING, 20);
        raw(frame(Protocol.REQ_BATCH, w -> w.u8(0).u8(0).u16(0).u32(1_000_000)), ErrorCode.TRUNCATED, 16);
        raw(frame(Protocol.REQ_SNAPSHOT, w -> w.u8(5).u8(0).u16(0)), ErrorCode.BAD_ARGUMENT, 12);
        byte[] tiny = frame(Protocol.REQ_HELLO, w -> {});
        tiny[0] = 3;
        raw(tiny, ErrorCode.TRUNCATED, 0);
    }

    @Test
    void theSystemBackendHasNoFirstClassHeaps() {
        try (AgentClient system = AgentClient.start(AgentOptions.system(SystemAllocator.GLIBC))) {
            assertEquals("system", system.hello().backend());
            assertTrue(system.hello().allocator().startsWith("glibc"), system.hello().allocator());
            system.run(new Op.ThreadStart(0));
            AgentErrorException e = assertThrows(AgentErrorException.class, () -> system.run(new Op.HeapNew(0, 1)));
            assertEquals(ErrorCode.UNSUPPORTED, e.code());
            OpResult v = system.run(new Op.Validate()).result(0);
            assertEquals(OpResult.Status.OK, v.status());
            assertTrue(v.message().contains("no validator"), v.message());
        }
    }
}
