package io.heapscope.scenario.check;

import io.heapscope.scenario.ast.Expr;
import io.heapscope.scenario.ast.HandleRef;
import io.heapscope.scenario.ast.Name;
import io.heapscope.scenario.ast.Statement;
import io.heapscope.scenario.ast.Statement.HeapAction;
import io.heapscope.scenario.lang.Dimension;
import io.heapscope.scenario.lang.HeapNames;
import io.heapscope.scenario.lang.Suggestions;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks allocation, free, touch and heap statements: handle names are allocated before use and
 * keep one shape (single or array), indexes and ranges are sensible where constant, sizes are not
 * negative, alignments are powers of two, and heaps exist before they are used.
 */
final class HandleChecker {

    private final Symbols symbols;
    private final ExprChecker expressions;
    private final List<Diagnostic> diagnostics;

    HandleChecker(Symbols symbols, ExprChecker expressions, List<Diagnostic> diagnostics) {
        this.symbols = symbols;
        this.expressions = expressions;
        this.diagnostics = diagnostics;
    }

    void allocate(Statement.Allocate allocate) {
        size(allocate.size());
        allocate.count().ifPresent(count -> notNegative(count,
                expressions.integer(count, "a count", Dimension.COUNT), "a count"));
        allocate.alignment().ifPresent(this::alignment);
        allocate.heap().ifPresent(this::heapExists);
        target(allocate.target());
    }

    void reallocate(Statement.Reallocate reallocate) {
        use(reallocate.source(), reallocate.target().isEmpty());
        size(reallocate.size());
        reallocate.target().ifPresent(target -> {
            if (target instanceof HandleRef.Slice slice) {
                error(slice.span(),
                        "realloc into another handle takes single handles, not a range");
            } else {
                target(target);
            }
        });
    }

    /** A handle read by free, touch or realloc: it must have been allocated earlier. */
    void use(HandleRef ref, boolean rangeAllowed) {
        if (ref instanceof HandleRef.Slice && !rangeAllowed) {
            error(ref.span(), "realloc into another handle takes single handles, not a range");
            return;
        }
        indexes(ref);
        String name = ref.name().text();
        if (symbols.handle(name).isEmpty()) {
            error(ref.name().span(), "handle '" + name + "' is not allocated before this point"
                    + Suggestions.didYouMean(name, symbols.handleNames()));
            return;
        }
        sameShape(ref);
    }

    void heapCommand(Statement.HeapCommand command) {
        Name heap = command.heap();
        boolean backing = heap.text().equals(HeapNames.BACKING);
        switch (command.action()) {
            case NEW -> {
                if (backing) {
                    error(heap.span(), "'" + HeapNames.BACKING + "' names each thread's own heap;"
                            + " choose another name");
                } else {
                    symbols.createHeap(heap);
                }
            }
            case DELETE, DESTROY -> {
                if (backing) {
                    error(heap.span(), "a thread's backing heap cannot be "
                            + (command.action() == HeapAction.DELETE ? "deleted" : "destroyed"));
                } else {
                    heapExists(heap);
                }
            }
            case USE -> heapExists(heap);
        }
    }

    private void target(HandleRef target) {
        indexes(target);
        if (sameShape(target)) {
            symbols.assignHandle(target.name(), !(target instanceof HandleRef.Single));
        }
    }

    private void size(Expr size) {
        notNegative(size, expressions.integer(size, "a size", Dimension.COUNT, Dimension.BYTES),
                "a size");
    }

    private void alignment(Expr alignment) {
        OptionalLong value = expressions.integer(alignment, "an alignment", Dimension.COUNT,
                Dimension.BYTES);
        if (value.isPresent() && (value.getAsLong() < 1 || Long.bitCount(value.getAsLong()) != 1)) {
            error(alignment.span(), "an alignment must be a power of two, such as 16 or 4 KiB;"
                    + " this one is " + value.getAsLong());
        }
    }

    private void notNegative(Expr expr, OptionalLong value, String what) {
        if (value.isPresent() && value.getAsLong() < 0) {
            error(expr.span(), what + " cannot be negative; this one is " + value.getAsLong());
        }
    }

    private void indexes(HandleRef ref) {
        switch (ref) {
            case HandleRef.Single single -> {
            }
            case HandleRef.Element element -> index(element.index());
            case HandleRef.Slice slice -> {
                OptionalLong from = index(slice.from());
                OptionalLong to = index(slice.to());
                if (from.isPresent() && to.isPresent() && from.getAsLong() >= to.getAsLong()) {
                    error(slice.span(), "the range " + from.getAsLong() + ".." + to.getAsLong()
                            + " is empty; write 'a..b' with a < b for the elements a to b-1");
                }
            }
        }
    }

    private OptionalLong index(Expr expr) {
        OptionalLong value = expressions.integer(expr, "an index", Dimension.COUNT);
        long index = value.orElse(0);
        if (index < 0 || index > HandleRef.MAX_INDEX) {
            error(expr.span(), "index " + index + " is out of range (0 to "
                    + HandleRef.MAX_INDEX + ")");
            return OptionalLong.empty();
        }
        return value;
    }

    /** Reports and returns false when a name is used as an array and as a single handle. */
    private boolean sameShape(HandleRef ref) {
        boolean array = !(ref instanceof HandleRef.Single);
        Optional<Symbols.HandleShape> shape = symbols.handle(ref.name().text());
        if (shape.isEmpty() || shape.get().array() == array) {
            return true;
        }
        String name = ref.name().text();
        String first = shape.get().first().span().lineColumn();
        error(ref.span(), shape.get().array()
                ? "'" + name + "' is a handle array (first allocated at " + first + "); write '"
                + name + "[index]'"
                : "'" + name + "' is a single handle (first allocated at " + first
                + "), not an array");
        return false;
    }

    private void heapExists(Name heap) {
        String name = heap.text();
        if (!name.equals(HeapNames.BACKING) && !symbols.heapCreated(name)) {
            error(heap.span(), "heap '" + name + "' is not created before this point;"
                    + " add 'new heap " + name + "' earlier"
                    + Suggestions.didYouMean(name, symbols.heapNames()));
        }
    }

    private void error(SourceSpan span, String message) {
        diagnostics.add(Diagnostic.error(span, message));
    }
}
