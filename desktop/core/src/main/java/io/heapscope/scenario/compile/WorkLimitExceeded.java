package io.heapscope.scenario.compile;

/** Unrolling went past the work limit; the compiler stops and reports it. */
final class WorkLimitExceeded extends RuntimeException {

    WorkLimitExceeded() {
        super(null, null, false, false);
    }
}
