package io.heapscope.scenario.compile;

import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.Severity;
import io.heapscope.scenario.source.SourceSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Collects problems found while unrolling. A statement inside a loop can fail on every
 * iteration; only its first error and first warning are kept, with a count of the repeats, so a
 * mistake in a loop of a million iterations gives one line.
 */
final class Reporter {

    private record Key(int statement, Severity severity) {
    }

    private static final class Entry {
        private final Diagnostic first;
        private long repeats;

        Entry(Diagnostic first) {
            this.first = first;
        }
    }

    private final Map<Key, Entry> entries = new LinkedHashMap<>();

    /** Records a problem; {@code message} is only built for the first one of its statement. */
    void report(Severity severity, int statement, SourceSpan span, Supplier<String> message) {
        Entry entry = entries.get(new Key(statement, severity));
        if (entry != null) {
            entry.repeats++;
            return;
        }
        entries.put(new Key(statement, severity),
                new Entry(new Diagnostic(severity, span, message.get())));
    }

    boolean hasErrors() {
        return entries.keySet().stream().anyMatch(k -> k.severity() == Severity.ERROR);
    }

    List<Diagnostic> diagnostics() {
        List<Diagnostic> result = new ArrayList<>();
        for (Entry entry : entries.values()) {
            Diagnostic first = entry.first;
            result.add(entry.repeats == 0 ? first : new Diagnostic(first.severity(), first.span(),
                    first.message() + " (and " + entry.repeats + " more like it)"));
        }
        return result;
    }
}
