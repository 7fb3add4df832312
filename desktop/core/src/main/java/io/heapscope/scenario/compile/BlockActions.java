package io.heapscope.scenario.compile;

import io.heapscope.scenario.ast.HandleRef;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Origin;
import io.heapscope.scenario.source.SourceSpan;
import java.util.OptionalInt;

/**
 * Allocation, realloc, free and touch while unrolling. A key that was never allocated is an
 * error; a double free, a touch or realloc after free, and overwriting a live handle (a leak) are
 * warnings, and the op is still emitted, so the allocator can show what such a bug does.
 */
final class BlockActions {

    /** Indexes {@code from} to {@code to - 1} of a target; a single handle is 0 to 1. */
    private record Range(int from, int to) {
    }

    private final Run run;
    private final LifeActions life;

    BlockActions(Run run, LifeActions life) {
        this.run = run;
        this.life = life;
    }

    void alloc(Plan.Alloc alloc) {
        int step = run.nextStep();
        Origin origin = alloc.origin();
        long count = run.eval(alloc.count());
        long size = run.eval(alloc.size());
        long align = run.eval(alloc.align());
        if (count < 0 || size < 0) {
            long bad = count < 0 ? count : size;
            run.error(origin, alloc.sizeSpan(), () -> (count < 0 ? "a count" : "a size")
                    + " cannot be negative; this one is " + bad);
            return;
        }
        if (count != 0 && size > Long.MAX_VALUE / count) {
            run.error(origin, alloc.sizeSpan(), () -> "size overflow: " + count + " x " + size
                    + " bytes does not fit in 64 bits");
            return;
        }
        if (align != Op.Alloc.NATURAL && (align < 1 || Long.bitCount(align) != 1)) {
            run.error(origin, origin.span(), () -> "an alignment must be a power of two;"
                    + " this one is " + align);
            return;
        }
        ThreadTable.State thread = alloc.thread();
        OptionalInt heap = alloc.heap().isPresent()
                ? life.heapId(alloc.heap().get(), thread.name, origin, "allocate from")
                : OptionalInt.of(thread.defaultHeap);
        Range range = range(alloc.target(), origin);
        if (heap.isEmpty() || range == null || !life.enter(thread, origin, step)) {
            return;
        }
        Handles handles = alloc.target().handles();
        for (int index = range.from; index < range.to; index++) {
            warnIfLive(handles, index, origin);
            run.charge(1);
            run.ops.alloc(origin.statement(), step, thread.id, handles.key(index, run.ops),
                    count * size, align, alloc.zero(), alloc.heapName());
            handles.set(index, Handles.LIVE, origin.statement(), heap.getAsInt());
        }
    }

    void realloc(Plan.Realloc realloc) {
        int step = run.nextStep();
        Origin origin = realloc.origin();
        long size = run.eval(realloc.size());
        if (size < 0) {
            run.error(origin, realloc.sizeSpan(),
                    () -> "a size cannot be negative; this one is " + size);
            return;
        }
        ThreadTable.State thread = realloc.thread();
        boolean inPlace = realloc.target() == realloc.source();
        Range source = range(realloc.source(), origin);
        Range target = inPlace ? source : range(realloc.target(), origin);
        if (source == null || target == null || !life.enter(thread, origin, step)) {
            return;
        }
        Handles from = realloc.source().handles();
        Handles to = realloc.target().handles();
        for (int index = source.from; index < source.to; index++) {
            int toIndex = inPlace ? index : target.from;
            if (!allocated(from, index, origin)) {
                continue;
            }
            warnIfReleased(from, index, origin, "realloc of");
            boolean sameKey = from == to && index == toIndex;
            if (!sameKey) {
                warnIfLive(to, toIndex, origin);
                from.set(index, Handles.RELEASED, origin.statement(), from.heap(index));
            }
            run.charge(1);
            run.ops.realloc(origin.statement(), step, thread.id, from.key(index, run.ops),
                    to.key(toIndex, run.ops), size);
            to.set(toIndex, Handles.LIVE, origin.statement(), thread.defaultHeap);
        }
    }

    void free(Plan.Free free) {
        int step = run.nextStep();
        Origin origin = free.origin();
        Range range = range(free.handle(), origin);
        if (range == null || !life.enter(free.thread(), origin, step)) {
            return;
        }
        Handles handles = free.handle().handles();
        for (int index = range.from; index < range.to; index++) {
            if (allocated(handles, index, origin)) {
                warnIfReleased(handles, index, origin, "double free of", DOUBLE_FREE);
                run.charge(1);
                run.ops.free(origin.statement(), step, free.thread().id,
                        handles.key(index, run.ops));
                handles.set(index, Handles.RELEASED, origin.statement(), handles.heap(index));
            }
        }
    }

    void touch(Plan.Touch touch) {
        int step = run.nextStep();
        Origin origin = touch.origin();
        Range range = range(touch.handle(), origin);
        if (range == null || !life.enter(touch.thread(), origin, step)) {
            return;
        }
        Handles handles = touch.handle().handles();
        for (int index = range.from; index < range.to; index++) {
            if (allocated(handles, index, origin)) {
                warnIfReleased(handles, index, origin, "touch writes into");
                run.charge(1);
                run.ops.touch(origin.statement(), step, touch.thread().id,
                        handles.key(index, run.ops));
            }
        }
    }

    /** The indexes a target names, or null after reporting a bad index or an empty range. */
    private Range range(Plan.Target target, Origin origin) {
        return switch (target) {
            case Plan.Target.Single single -> new Range(0, 1);
            case Plan.Target.Element element -> {
                long index = run.eval(element.index());
                yield checkIndex(index, element, origin) ? new Range((int) index, (int) index + 1)
                        : null;
            }
            case Plan.Target.Slice slice -> {
                long from = run.eval(slice.from());
                long to = run.eval(slice.to());
                if (!checkIndex(from, slice, origin) || !checkIndex(to - 1, slice, origin)) {
                    yield null;
                }
                if (from >= to) {
                    run.error(origin, slice.span(), () -> "the range " + from + ".." + to
                            + " is empty; write 'a..b' with a < b for the elements a to b-1");
                    yield null;
                }
                yield new Range((int) from, (int) to);
            }
        };
    }

    private boolean checkIndex(long index, Plan.Target target, Origin origin) {
        if (index >= 0 && index <= HandleRef.MAX_INDEX) {
            return true;
        }
        run.error(origin, spanOf(target, origin), () -> "index " + index
                + " of '" + target.handles().name() + "' is out of range (0 to "
                + HandleRef.MAX_INDEX + ")");
        return false;
    }

    private static SourceSpan spanOf(Plan.Target target, Origin origin) {
        return switch (target) {
            case Plan.Target.Single single -> origin.span();
            case Plan.Target.Element element -> element.span();
            case Plan.Target.Slice slice -> slice.span();
        };
    }

    private boolean allocated(Handles handles, int index, Origin origin) {
        if (handles.state(index) != Handles.NEVER) {
            return true;
        }
        run.error(origin, origin.span(), () -> handles.describe(index)
                + " has not been allocated");
        return false;
    }

    /** What a double free does, said after the warning that names it. */
    static final String DOUBLE_FREE = ": unless secure mode (set secure = 4) catches it, a double free puts the block"
            + " on its page's free list a second time, linked to itself, so the list loops (a cycle): the allocator"
            + " would hand the block out twice, or loop for ever walking the list";

    private void warnIfReleased(Handles handles, int index, Origin origin, String what) {
        warnIfReleased(handles, index, origin, what, "");
    }

    private void warnIfReleased(Handles handles, int index, Origin origin, String what, String why) {
        if (handles.state(index) == Handles.RELEASED) {
            run.warning(origin, origin.span(), () -> what + " " + handles.describe(index)
                    + ", which was freed at " + run.where(handles.changedBy(index)) + why);
        }
    }

    private void warnIfLive(Handles handles, int index, Origin origin) {
        if (handles.state(index) == Handles.LIVE) {
            run.warning(origin, origin.span(), () -> handles.describe(index)
                    + " still holds the block allocated at " + run.where(handles.changedBy(index))
                    + "; that block leaks");
        }
    }
}
