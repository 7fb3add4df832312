/**
 * The client of the native agent ({@code native/build/heapscope-agent}): it starts the agent
 * process, sends operations as frames of {@code native/PROTOCOL.md} and decodes the replies into
 * {@link io.heapscope.model} records. No JavaFX here.
 *
 * <h2>Threads</h2>
 * {@link io.heapscope.agent.AgentClient} is <b>blocking</b>: each call writes one request, waits
 * for its reply (at most the configured timeout) and returns it. Calls are serialised; it refuses
 * to run on the JavaFX application thread. {@link io.heapscope.agent.AsyncAgentClient} runs the
 * same calls on one dedicated executor thread and returns {@link java.util.concurrent.CompletableFuture}s:
 * use it from UI code.
 *
 * <h2>Failures</h2>
 * Every failure is an {@link io.heapscope.agent.AgentException}: the agent refused a frame or an
 * op ({@link io.heapscope.agent.AgentErrorException}, naming the op index and frame offset), it
 * died ({@link io.heapscope.agent.AgentDiedException}: exit status or signal, the last op sent, the
 * tail of its stderr), it did not answer in time ({@link io.heapscope.agent.AgentTimeoutException};
 * the agent is then killed), or it sent something this client cannot read
 * ({@link io.heapscope.agent.AgentProtocolException}). After a death, timeout or protocol error
 * the client is closed; {@link io.heapscope.agent.AgentClient#restart()} starts a fresh agent.
 */
package io.heapscope.agent;
