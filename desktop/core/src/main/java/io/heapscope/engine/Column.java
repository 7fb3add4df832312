package io.heapscope.engine;

import io.heapscope.agent.AgentClient;
import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.Backend;
import io.heapscope.agent.Batch;
import io.heapscope.agent.Hello;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.OptionValue;
import io.heapscope.scenario.op.Program;
import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One column of a comparison: a backend and option settings, under a label. The settings are sent
 * to every agent of the column before the scenario's first op, and a {@code set} of the same
 * option in the scenario takes the column's value instead, so the column runs with it throughout.
 *
 * @param label    the column's name in tables, series and {@code expect [label]} lines
 * @param backend  {@code core}, {@code glibc}, {@code mimalloc}, {@code jemalloc} or {@code tcmalloc}
 * @param settings option name to value (core only: the system backend has no options)
 */
public record Column(String label, String backend, AgentOptions agent, Map<String, OptionValue> settings) {

    public Column {
        if (label.isBlank()) {
            throw new IllegalArgumentException("a column needs a label");
        }
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        if (!settings.isEmpty() && agent.backend() != Backend.CORE) {
            throw new IllegalArgumentException("column " + label + ": the " + backend
                    + " backend has no options to set (" + String.join(", ", settings.keySet()) + ")");
        }
    }

    /** The names an {@code expect [...]} line may call this column by: its label and its backend. */
    public Set<String> names() {
        return label.equals(backend) ? Set.of(label) : Set.of(label, backend);
    }

    /** The settings as written: {@code purge_delay=0ms reclaim_on_free=off}. */
    public String describeSettings() {
        StringBuilder b = new StringBuilder();
        settings.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }

    /** The name of the backend an agent runs, as {@code --backend} spells it. */
    /** {@code names} and the backend {@code hello} names: what an {@code expect [names]} line may name for this column. */
    static Set<String> namesWith(Set<String> names, Hello hello) {
        Set<String> all = new java.util.HashSet<>(names);
        all.add(backendName(hello));
        return Set.copyOf(all);
    }

    public static String backendName(Hello hello) {
        if ("core".equals(hello.backend())) {
            return "core";
        }
        String allocator = hello.allocator().toLowerCase(Locale.ROOT);
        if (allocator.startsWith("gperftools") || allocator.startsWith("tcmalloc")) {
            return "tcmalloc";
        }
        int space = allocator.indexOf(' ');
        return space < 0 ? allocator : allocator.substring(0, space);
    }

    /** How this column's engine runs: {@code base}, with this column's agents, started with its settings. */
    EngineConfig config(EngineConfig base) {
        return new EngineConfig(() -> {
            AgentClient client = AgentClient.start(agent);
            if (settings.isEmpty()) {
                return client;
            }
            try {
                for (Map.Entry<String, OptionValue> s : settings.entrySet()) {
                    if (client.hello().options().stream().noneMatch(s.getKey()::equalsIgnoreCase)) {
                        throw new IllegalStateException("column " + label + ": unknown allocator option '" + s.getKey()
                                + "'; the agent knows " + String.join(", ", client.hello().options()));
                    }
                }
                client.run(Batch.lockstep(settings.entrySet().stream()
                        .map(s -> (io.heapscope.agent.Op) new io.heapscope.agent.Op.SetOption(
                                s.getKey().toLowerCase(Locale.ROOT), OptionUnits.agentValue(s.getValue())))
                        .toList()));
                return client;
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
        }, base.snapshots(), base.sampling(), base.checkpoints(), base.background(), base.stopOnFailedExpect(),
                base.progress());
    }

    /** The program with the scenario's own {@code set} of an option this column fixes taking the column's value. */
    Program program(Program base) {
        if (settings.isEmpty()) {
            return base;
        }
        List<Op> ops = base.ops();
        List<Op> mapped = new AbstractList<>() {
            @Override
            public Op get(int index) {
                Op op = ops.get(index);
                if (op instanceof Op.SetOption s) {
                    for (Map.Entry<String, OptionValue> e : settings.entrySet()) {
                        if (e.getKey().equalsIgnoreCase(s.name())) {
                            return new Op.SetOption(s.origin(), s.step(), s.name(), e.getValue());
                        }
                    }
                }
                return op;
            }

            @Override
            public int size() {
                return ops.size();
            }
        };
        return new Program(base.fileName(), base.threads(), base.statements(), mapped, base.loops());
    }
}
