package io.heapscope.engine;

import io.heapscope.agent.AgentClient;
import io.heapscope.agent.AgentOptions;
import io.heapscope.agent.Backends;
import io.heapscope.scenario.op.Program;
import java.util.function.Supplier;

/**
 * Agents on the core design a scenario asks for ({@code set design = v3}). The core fixes its
 * design before its first allocation, so an agent started on the other one is replaced by one
 * started with {@code HEAPSCOPE_DESIGN}, unless the agent's own options chose a design
 * ({@code --design}, a {@code core-v3} column): those win. A system backend has no design and is
 * kept as it is.
 */
final class DesignedAgents {
    private DesignedAgents() {
    }

    static AgentClient start(Supplier<AgentClient> agents, Program program) {
        AgentClient agent = agents.get();
        String wanted = program.design().orElse("");
        String running = agent.hello().design();
        if (wanted.isEmpty() || running.isEmpty() || running.equals(wanted)
                || agent.options().environment().containsKey(Backends.DESIGN_VARIABLE)) {
            return agent;
        }
        AgentOptions options = agent.options().withEnvironment(Backends.DESIGN_VARIABLE, wanted);
        agent.close();
        return AgentClient.start(options);
    }
}
