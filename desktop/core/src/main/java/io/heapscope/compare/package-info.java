/** Comparing heaps: the structural difference between two snapshots. No JavaFX. */
package io.heapscope.compare;
