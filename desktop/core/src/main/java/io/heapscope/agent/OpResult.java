package io.heapscope.agent;

/**
 * The result of one executed op.
 *
 * @param index   the op's index in its batch
 * @param code    the op code ({@link Protocol}{@code .OP_*})
 * @param status  OK, NULL (the allocator returned NULL), or INVALID (VALIDATE found a violation)
 * @param id      the op's handle or heap id
 * @param address ALLOC/REALLOC: the new block; FREE/TOUCH: the block; HEAP_*: the heap
 * @param usable  ALLOC/REALLOC: the usable size
 * @param value   ADVANCE: the new clock; VALIDATE: 1 valid, 0 not; TOUCH: bytes written
 * @param message VALIDATE: the first violation, or why there is nothing to check
 */
public record OpResult(int index, int code, Status status, int thread, int id, long address, long usable,
                       long value, String message) {
    public enum Status { OK, NULL, INVALID }
}
