package io.heapscope.agent;

import java.util.Objects;

/**
 * One operation of a batch (PROTOCOL.md, "Ops"). {@code thread} is a scenario thread index
 * 0..63; handles (1 .. 2^24-1) and heap ids (1..1023, 0 = default/backing) are the client's names.
 */
public sealed interface Op {
    /** The thread it runs on, or {@link Protocol#THREAD_NONE}. */
    int thread();

    /** The protocol op code. */
    int code();

    /** Allocates {@code size} bytes into {@code handle}; {@code alignment} 0 = natural. */
    record Alloc(int thread, int handle, long size, long alignment, boolean zeroed, int heap) implements Op {
        public Alloc {
            checkThread(thread);
            checkHandle(handle);
            if (size < 0) throw new IllegalArgumentException("negative size " + size);
            if (alignment < 0 || alignment > 0xFFFF_FFFFL) throw new IllegalArgumentException("alignment " + alignment);
            checkHeap(heap);
        }

        public Alloc(int thread, int handle, long size) {
            this(thread, handle, size, 0, false, 0);
        }

        public int code() { return Protocol.OP_ALLOC; }
    }

    record Realloc(int thread, int handle, long size) implements Op {
        public Realloc {
            checkThread(thread);
            checkHandle(handle);
        }

        public int code() { return Protocol.OP_REALLOC; }
    }

    /**
     * Frees a handle's block; any thread may free. With {@code again}, a handle that is already
     * freed has its old pointer freed once more: a deliberate double free, for the allocator to
     * detect (secure mode) or not.
     */
    record Free(int thread, int handle, boolean again) implements Op {
        public Free {
            checkThread(thread);
            checkHandle(handle);
        }

        public Free(int thread, int handle) {
            this(thread, handle, false);
        }

        public int code() { return Protocol.OP_FREE; }
    }

    /** Writes {@code value} into bytes [offset, offset+length) of the block (length 0 = to its end). */
    record Touch(int thread, int handle, int value, long offset, long length) implements Op {
        public Touch {
            checkThread(thread);
            checkHandle(handle);
        }

        public int code() { return Protocol.OP_TOUCH; }
    }

    record HeapNew(int thread, int heap) implements Op {
        public HeapNew {
            checkThread(thread);
            checkHeap(heap);
            if (heap == 0) throw new IllegalArgumentException("heap id 0 names the default heap");
        }

        public int code() { return Protocol.OP_HEAP_NEW; }
    }

    record HeapDelete(int thread, int heap) implements Op {
        public HeapDelete {
            checkThread(thread);
            checkHeap(heap);
        }

        public int code() { return Protocol.OP_HEAP_DELETE; }
    }

    record HeapDestroy(int thread, int heap) implements Op {
        public HeapDestroy {
            checkThread(thread);
            checkHeap(heap);
        }

        public int code() { return Protocol.OP_HEAP_DESTROY; }
    }

    /** Makes {@code heap} the thread's default (0 = its backing heap). */
    record HeapSetDefault(int thread, int heap) implements Op {
        public HeapSetDefault {
            checkThread(thread);
            checkHeap(heap);
        }

        public int code() { return Protocol.OP_HEAP_SET_DEFAULT; }
    }

    /** Collects {@code heap} (0 = the thread's default heap). */
    record Collect(int thread, int heap, boolean force) implements Op {
        public Collect {
            checkThread(thread);
            checkHeap(heap);
        }

        public int code() { return Protocol.OP_COLLECT; }
    }

    /**
     * Starts a scenario thread. With {@code processMain} it is the process's main thread: its ops
     * run on the agent's main thread, the one that started the process (mimalloc's main thread,
     * whose forced collect adopts abandoned segments); at most one, and it cannot exit.
     */
    record ThreadStart(int thread, boolean processMain) implements Op {
        public ThreadStart { checkThread(thread); }

        public ThreadStart(int thread) {
            this(thread, false);
        }

        public int code() { return Protocol.OP_THREAD_START; }
    }

    record ThreadPark(int thread) implements Op {
        public ThreadPark { checkThread(thread); }

        public int code() { return Protocol.OP_THREAD_PARK; }
    }

    record ThreadExit(int thread) implements Op {
        public ThreadExit { checkThread(thread); }

        public int code() { return Protocol.OP_THREAD_EXIT; }
    }

    /** Advances the virtual clock. */
    record Advance(long millis) implements Op {
        public Advance {
            if (millis < 0) throw new IllegalArgumentException("the clock only moves forward: " + millis);
        }

        public int thread() { return Protocol.THREAD_NONE; }

        public int code() { return Protocol.OP_ADVANCE; }
    }

    record SetOption(String name, long value) implements Op {
        public SetOption { Objects.requireNonNull(name, "name"); }

        public int thread() { return Protocol.THREAD_NONE; }

        public int code() { return Protocol.OP_SET_OPTION; }
    }

    /** Checks every invariant of the allocator (the core's validator). */
    record Validate() implements Op {
        public int thread() { return Protocol.THREAD_NONE; }

        public int code() { return Protocol.OP_VALIDATE; }
    }

    /** Ends the agent abnormally: for testing crash handling. */
    record Crash(How how) implements Op {
        public enum How { SEGFAULT, ABORT, EXIT }

        public Crash { Objects.requireNonNull(how); }

        public int thread() { return Protocol.THREAD_NONE; }

        public int code() { return Protocol.OP_CRASH; }
    }

    private static void checkThread(int thread) {
        if (thread < 0 || thread >= Protocol.THREAD_MAX) {
            throw new IllegalArgumentException("thread index must be 0.." + (Protocol.THREAD_MAX - 1) + ": " + thread);
        }
    }

    private static void checkHandle(int handle) {
        if (handle <= 0 || handle >= Protocol.HANDLE_MAX) {
            throw new IllegalArgumentException("handle must be 1.." + (Protocol.HANDLE_MAX - 1) + ": " + handle);
        }
    }

    private static void checkHeap(int heap) {
        if (heap < 0 || heap >= Protocol.HEAP_MAX) {
            throw new IllegalArgumentException("heap id must be 0.." + (Protocol.HEAP_MAX - 1) + ": " + heap);
        }
    }
}
