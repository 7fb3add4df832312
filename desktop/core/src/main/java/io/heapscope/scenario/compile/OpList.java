package io.heapscope.scenario.compile;

import io.heapscope.scenario.op.HandleKey;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Origin;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * An unmodifiable list view of an {@link OpBuffer}: {@link #get} builds the op record from the
 * columns. Records are equal by value, so two reads of one op are equal, not the same object.
 */
final class OpList extends AbstractList<Op> implements RandomAccess {

    private final OpBuffer buffer;
    private final List<Origin> origins;
    private final List<String> threads;
    private final List<String> handleNames;
    private final List<Optional<String>> heapNames;

    OpList(OpBuffer buffer, List<Origin> origins, List<String> threads, Names handleNames,
           Names heapNames) {
        this.buffer = buffer;
        this.origins = origins;
        this.threads = threads;
        this.handleNames = list(handleNames);
        this.heapNames = list(heapNames).stream().map(Optional::of).toList();
    }

    private static List<String> list(Names names) {
        List<String> list = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            list.add(names.name(i));
        }
        return List.copyOf(list);
    }

    @Override
    public int size() {
        return buffer.count;
    }

    @Override
    public Op get(int i) {
        if (i < 0 || i >= buffer.count) {
            throw new IndexOutOfBoundsException(i);
        }
        OpBuffer b = buffer;
        if (b.kind[i] == OpBuffer.OBJECT) {
            return b.objects.get(b.aux[i]);
        }
        Origin origin = origins.get(b.statement[i]);
        String thread = threads.get(b.thread[i]);
        boolean flag = b.flags[i] == OpBuffer.FLAG;
        return switch (b.kind[i]) {
            case OpBuffer.ALLOC -> new Op.Alloc(origin, b.step[i], thread, key(b.key[i]),
                    b.size[i], b.alignment(i), flag,
                    b.aux[i] < 0 ? Optional.empty() : heapNames.get(b.aux[i]));
            case OpBuffer.REALLOC -> new Op.Realloc(origin, b.step[i], thread, key(b.key[i]),
                    key(b.aux[i]), b.size[i]);
            case OpBuffer.FREE -> new Op.Free(origin, b.step[i], thread, key(b.key[i]));
            case OpBuffer.TOUCH -> new Op.Touch(origin, b.step[i], thread, key(b.key[i]));
            default -> new Op.Collect(origin, b.step[i], thread, flag);
        };
    }

    private HandleKey key(int id) {
        return new HandleKey(handleNames.get(buffer.keyName[id]), buffer.keyIndex[id]);
    }
}
