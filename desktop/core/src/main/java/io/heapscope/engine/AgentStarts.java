package io.heapscope.engine;

import io.heapscope.agent.AgentClient;
import io.heapscope.agent.AgentException;
import io.heapscope.agent.AgentOptions;
import io.heapscope.scenario.op.Op;
import io.heapscope.scenario.op.Program;
import java.util.function.IntToLongFunction;

/**
 * Where an engine's agents come from: a fresh agent on the core design the scenario asks for, and
 * an agent (fresh, or a checkpoint's spare) replayed up to an op.
 */
final class AgentStarts {

    private AgentStarts() {
    }

    /**
     * A fresh agent on the core design the scenario asks for ({@code set design = v3}) unless the
     * agent's own options chose one ({@code --design}, a {@code core-v3} column): the design is
     * fixed before the agent's first allocation, so an agent on the other one is replaced by one
     * started with {@link AgentOptions#DESIGN_VARIABLE}. A system backend has no design and stays as it is.
     */
    static AgentClient agent(EngineConfig config, Program program) {
        AgentClient agent = config.agents().get();
        String wanted = program.design().orElse("");
        String running = agent.hello().design();
        if (wanted.isEmpty() || running.isEmpty() || running.equals(wanted)
                || agent.options().environment().containsKey(AgentOptions.DESIGN_VARIABLE)) {
            return agent;
        }
        AgentOptions options = agent.options().withDesign(wanted);
        agent.close();
        return AgentClient.start(options);
    }

    /** A fresh agent at op 0; {@link EngineException} when it cannot start. */
    static AgentCursor fresh(EngineConfig config, Program program) {
        try {
            return new AgentCursor(agent(config, program), program);
        } catch (AgentException | IllegalStateException e) {
            throw new EngineException("could not start the agent: " + e.getMessage(), e);
        }
    }

    /**
     * A fresh agent, or the spare of {@code checkpoints} (may be null) when one is behind, that has
     * run the ops before {@code index}, reporting progress as it replays.
     */
    static AgentCursor replayed(Checkpoints checkpoints, EngineConfig config, Program program, int index,
                                IntToLongFunction stepAt) {
        AgentCursor from = checkpoints == null ? null : checkpoints.take(index).orElse(null);
        try {
            if (from == null) {
                from = fresh(config, program);
            }
            from.runTo(index, new AgentCursor.Observer() {
                private int ticks;

                public AgentCursor.Action beforeStep(int i) {
                    if ((++ticks & 4095) == 0) {
                        config.progress().accept(new Progress(i, index, stepAt.applyAsLong(i), true));
                    }
                    return AgentCursor.Action.GO;
                }

                public boolean synced(int i) {
                    return false;
                }

                public void markOrExpect(int i, Op op) {
                }
            });
        } catch (EngineException e) {
            if (from != null) {
                from.close();
            }
            throw e;
        }
        return from;
    }
}
