package io.heapscope.scenario.ast;

import io.heapscope.scenario.lang.Comparison;
import io.heapscope.scenario.source.SourceSpan;
import java.util.List;
import java.util.Optional;

/**
 * One statement of a scenario. Its span covers the whole statement, thread prefix included; a
 * loop's span runs from its first word to its closing brace.
 */
public sealed interface Statement {

    SourceSpan span();

    /**
     * A statement a thread runs. {@code thread} is the {@code main:} prefix; it is empty when the
     * statement takes its thread from an enclosing loop that has one.
     */
    sealed interface OnThread extends Statement {
        Optional<Name> thread();
    }

    /** A thread statement that is not a loop: one allocator call or thread/heap command. */
    sealed interface Action extends OnThread {
    }

    /** {@code repeat} or {@code for}: runs its body once per iteration, at least once. */
    sealed interface Loop extends OnThread {
        List<Statement> body();
    }

    /** {@code thread main, refresher}. */
    record Threads(List<Name> names, SourceSpan span) implements Statement {
        public Threads {
            names = List.copyOf(names);
        }
    }

    /**
     * {@code a = malloc 64 B}, {@code a = zalloc 1 KiB align 64 in cache},
     * {@code a = calloc 10 x 64 B}. {@code count} is present only for calloc.
     */
    record Allocate(Optional<Name> thread, HandleRef target, AllocKind kind, Optional<Expr> count,
                    Expr size, Optional<Expr> alignment, Optional<Name> heap, SourceSpan span)
            implements Action {
    }

    /**
     * {@code realloc a 128 B} (the result replaces {@code a}) or {@code b = realloc a 128 B}
     * (the result goes to {@code b}; {@code a} is released).
     */
    record Reallocate(Optional<Name> thread, Optional<HandleRef> target, HandleRef source,
                      Expr size, SourceSpan span) implements Action {
    }

    record Free(Optional<Name> thread, HandleRef handle, SourceSpan span) implements Action {
    }

    /** Writes every byte of the block, making its memory resident. */
    record Touch(Optional<Name> thread, HandleRef handle, SourceSpan span) implements Action {
    }

    /** {@code new heap h}, {@code delete heap h}, {@code destroy heap h}, {@code use heap h}. */
    record HeapCommand(Optional<Name> thread, HeapAction action, Name heap, SourceSpan span)
            implements Action {
    }

    /** {@code collect} or {@code collect force}. */
    record Collect(Optional<Name> thread, boolean force, SourceSpan span) implements Action {
    }

    /** {@code start}, {@code park}, {@code wake}, {@code exit}. */
    record ThreadCommand(Optional<Name> thread, ThreadAction action, SourceSpan span)
            implements Action {
    }

    /** {@code repeat N { ... }} or {@code repeat N as i { ... }}, with i from 0 to N-1. */
    record Repeat(Optional<Name> thread, Expr count, Optional<Name> variable,
                  List<Statement> body, SourceSpan span) implements Loop {
        public Repeat {
            body = List.copyOf(body);
        }
    }

    /** {@code for i in A..B { ... }}, with i from A to B-1. */
    record For(Optional<Name> thread, Name variable, Expr from, Expr to, List<Statement> body,
               SourceSpan span) implements Loop {
        public For {
            body = List.copyOf(body);
        }
    }

    /** {@code sleep 50ms}: advances the virtual clock. */
    record Sleep(Expr duration, SourceSpan span) implements Statement {
    }

    /** {@code set purge_delay = 10ms}. */
    record SetOption(Name option, Setting value, SourceSpan span) implements Statement {
    }

    /**
     * {@code expect committed <= 48 MiB "message"}; {@code expect [glibc, jemalloc] ...} checks
     * only on the compare columns (or backends) named, {@code columns} empty meaning every one.
     */
    record Expect(List<Name> columns, Expr left, Comparison comparison, Expr right, Optional<String> message,
                  SourceSpan span) implements Statement {
        public Expect {
            columns = List.copyOf(columns);
        }
    }

    /** {@code mark loaded}: remembers every metric's value under that name. */
    record Mark(Name name, SourceSpan span) implements Statement {
    }

    enum AllocKind {
        MALLOC("malloc"),
        ZALLOC("zalloc"),
        CALLOC("calloc");

        private final String word;

        AllocKind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    enum HeapAction {
        NEW("new"),
        DELETE("delete"),
        DESTROY("destroy"),
        USE("use");

        private final String word;

        HeapAction(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    enum ThreadAction {
        START("start"),
        PARK("park"),
        WAKE("wake"),
        EXIT("exit");

        private final String word;

        ThreadAction(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }
}
