/**
 * The stepping engine: runs a compiled scenario ({@link io.heapscope.scenario.op.Program}) on the
 * native agent one statement at a time, checks its {@code expect} lines, and goes back by
 * deterministic replay. No JavaFX here.
 *
 * <ul>
 *   <li>{@link io.heapscope.engine.Engine}: blocking, one thread; step, step over, run, run to
 *       line, go to step, step back, reset; breakpoints on lines and allocator events.</li>
 *   <li>{@link io.heapscope.engine.RunControl}: the asynchronous face for a window: futures,
 *       immutable {@link io.heapscope.engine.EngineView}s to listeners, pause, progress, and an
 *       executor tests replace with {@code Runnable::run}.</li>
 *   <li>{@link io.heapscope.engine.ScenarioRun}: compile and run a file to its end, for the
 *       command line.</li>
 * </ul>
 */
package io.heapscope.engine;
