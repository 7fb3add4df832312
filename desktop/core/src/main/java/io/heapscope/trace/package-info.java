/**
 * Traces of real programs: the .hstrace files the recorder (native/recorder) writes
 * (docs/trace-format.md) and the text logs of glibc mtrace(3) and Android malloc_debug
 * record_allocs, all read as one {@link io.heapscope.trace.TraceCursor}: events in program order,
 * object ids pairing frees with allocations, constant memory per event.
 */
package io.heapscope.trace;
