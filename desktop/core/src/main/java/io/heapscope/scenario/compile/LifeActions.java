package io.heapscope.scenario.compile;

import io.heapscope.scenario.ast.Statement.HeapAction;
import io.heapscope.scenario.lang.HeapNames;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Origin;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Thread and heap life while unrolling: implicit starts, park/wake/exit rules, heap creation,
 * ownership, delete and destroy, and what they do to the blocks inside.
 */
final class LifeActions {

    private final Run run;

    LifeActions(Run run) {
        this.run = run;
    }

    /**
     * Lets {@code thread} run an op: starts it (with an implicit {@link Op.ThreadStart}) if it has
     * not started; reports and returns false if it is parked or has exited.
     */
    boolean enter(ThreadTable.State state, Origin origin, int step) {
        String thread = state.name;
        switch (state.life) {
            case NOT_STARTED -> {
                run.emit(new Op.ThreadStart(origin, step, thread, true));
                state.life = ThreadTable.Life.RUNNING;
                state.changed = origin;
                return true;
            }
            case RUNNING -> {
                return true;
            }
            case PARKED -> {
                run.error(origin, origin.span(), () -> "thread '" + thread + "' is parked (at "
                        + state.changed.span().lineColumn() + "); add '" + thread
                        + ": wake' before this");
                return false;
            }
            default -> {
                reportExited(origin, state);
                return false;
            }
        }
    }

    void thread(Plan.ThreadCommand command) {
        int step = run.nextStep();
        ThreadTable.State state = command.thread();
        String thread = state.name;
        Origin origin = command.origin();
        if (state.life == ThreadTable.Life.EXITED) {
            reportExited(origin, state);
            return;
        }
        switch (command.action()) {
            case START -> {
                if (state.life != ThreadTable.Life.NOT_STARTED) {
                    run.error(origin, origin.span(), () -> "thread '" + thread
                            + "' is already running (started at "
                            + state.changed.span().lineColumn() + ")");
                    return;
                }
                run.emit(new Op.ThreadStart(origin, step, thread, false));
                change(state, ThreadTable.Life.RUNNING, origin);
            }
            case PARK -> {
                if (state.life == ThreadTable.Life.PARKED) {
                    run.warning(origin, origin.span(), () -> "thread '" + thread
                            + "' is already parked (at " + state.changed.span().lineColumn()
                            + "); this 'park' does nothing");
                    return;
                }
                enter(state, origin, step);
                run.emit(new Op.ThreadPark(origin, step, thread));
                change(state, ThreadTable.Life.PARKED, origin);
            }
            case WAKE -> {
                if (state.life != ThreadTable.Life.PARKED) {
                    run.warning(origin, origin.span(), () -> "thread '" + thread
                            + "' is not parked; this 'wake' does nothing");
                    return;
                }
                run.emit(new Op.ThreadWake(origin, step, thread));
                change(state, ThreadTable.Life.RUNNING, origin);
            }
            case EXIT -> {
                if (state.life == ThreadTable.Life.NOT_STARTED) {
                    enter(state, origin, step);
                }
                run.emit(new Op.ThreadExit(origin, step, thread));
                change(state, ThreadTable.Life.EXITED, origin);
                for (HeapTable.Heap heap : run.heaps.aliveOwnedBy(thread)) {
                    end(heap, origin, "deleted when '" + thread + "' exited");
                    moveBlocksToBacking(heap);
                }
            }
        }
    }

    void collect(Plan.Collect collect) {
        int step = run.nextStep();
        if (enter(collect.thread(), collect.origin(), step)) {
            run.charge(1);
            run.ops.collect(collect.origin().statement(), step, collect.thread().id,
                    collect.force());
        }
    }

    void heap(Plan.Heap command) {
        int step = run.nextStep();
        ThreadTable.State state = command.thread();
        String thread = state.name;
        Origin origin = command.origin();
        switch (command.action()) {
            case NEW -> {
                Optional<HeapTable.Heap> existing =
                        run.heaps.get(command.heap()).filter(h -> h.alive);
                if (existing.isPresent()) {
                    run.error(origin, origin.span(), () -> "heap '" + command.heap()
                            + "' already exists (created at "
                            + existing.get().created.span().lineColumn() + ")");
                } else if (enter(state, origin, step)) {
                    run.heaps.create(command.heap(), thread, origin);
                    run.emit(new Op.HeapNew(origin, step, thread, command.heap()));
                }
            }
            case DELETE, DESTROY -> {
                Optional<HeapTable.Heap> heap = owned(command.heap(), thread, origin,
                        command.action().word());
                if (heap.isPresent() && enter(state, origin, step)) {
                    boolean destroy = command.action() == HeapAction.DESTROY;
                    end(heap.get(), origin, destroy ? "destroyed" : "deleted");
                    if (destroy) {
                        run.handles.forEach(h -> h.releaseLive(heap.get().id, origin.statement()));
                        run.emit(new Op.HeapDestroy(origin, step, thread, command.heap()));
                    } else {
                        moveBlocksToBacking(heap.get());
                        run.emit(new Op.HeapDelete(origin, step, thread, command.heap()));
                    }
                    if (state.defaultHeap == heap.get().id) {
                        state.defaultHeap = HeapTable.BACKING_ID;
                    }
                }
            }
            case USE -> {
                OptionalInt id = heapId(command.heap(), thread, origin, "use");
                if (id.isPresent() && enter(state, origin, step)) {
                    state.defaultHeap = id.getAsInt();
                    run.emit(new Op.HeapSetDefault(origin, step, thread, command.heap()));
                }
            }
        }
    }

    /**
     * The id of the heap a thread allocates from or switches to: the backing heap, or a live
     * heap the thread owns. Reports and returns empty otherwise.
     */
    OptionalInt heapId(String name, String thread, Origin origin, String verb) {
        if (name.equals(HeapNames.BACKING)) {
            return OptionalInt.of(HeapTable.BACKING_ID);
        }
        return owned(name, thread, origin, verb).map(h -> OptionalInt.of(h.id))
                .orElse(OptionalInt.empty());
    }

    private Optional<HeapTable.Heap> owned(String name, String thread, Origin origin, String verb) {
        Optional<HeapTable.Heap> heap = run.heaps.get(name);
        if (heap.isEmpty()) {
            run.error(origin, origin.span(), () -> "heap '" + name + "' does not exist yet");
            return Optional.empty();
        }
        HeapTable.Heap h = heap.get();
        if (!h.alive) {
            run.error(origin, origin.span(), () -> "heap '" + name + "' was " + h.endedHow
                    + " at " + h.ended.span().lineColumn());
            return Optional.empty();
        }
        if (!h.owner.equals(thread)) {
            run.error(origin, origin.span(), () -> "heap '" + name + "' belongs to thread '"
                    + h.owner + "'; only " + h.owner + " can " + verb + " it");
            return Optional.empty();
        }
        return heap;
    }

    private void end(HeapTable.Heap heap, Origin origin, String how) {
        heap.alive = false;
        heap.ended = origin;
        heap.endedHow = how;
    }

    private void moveBlocksToBacking(HeapTable.Heap heap) {
        run.handles.forEach(h -> h.moveLive(heap.id, HeapTable.BACKING_ID));
    }

    private static void change(ThreadTable.State state, ThreadTable.Life life, Origin origin) {
        state.life = life;
        state.changed = origin;
    }

    private void reportExited(Origin origin, ThreadTable.State state) {
        run.error(origin, origin.span(), () -> "thread '" + state.name + "' has exited (at "
                + state.changed.span().lineColumn() + ")");
    }
}
