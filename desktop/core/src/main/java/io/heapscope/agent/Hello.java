package io.heapscope.agent;

import java.util.List;

/**
 * What the agent says about itself when it starts.
 *
 * @param backend    {@code core} or {@code system}
 * @param allocator  {@code heapscope}, {@code mimalloc 2.0.9}, {@code jemalloc 5.3.0-...}, {@code glibc 2.36}, ...
 * @param eventKinds event kind names by code (empty for the system backend)
 * @param options    option names (empty for the system backend)
 * @param design     the core's design, {@code v2} or {@code v3} ({@code ""} for the system backend)
 */
public record Hello(int protocol, String agentVersion, String backend, String allocator, long pid, int pageSize,
                    List<String> eventKinds, List<String> options, String design) {
    public Hello {
        eventKinds = List.copyOf(eventKinds);
        options = List.copyOf(options);
    }
}
