package io.heapscope.model;

/**
 * The agent process's memory as the kernel reports it ({@code /proc/self/statm}), in bytes.
 *
 * @param rss          resident set size: memory actually backed by RAM
 * @param virtualSize  all mapped address space
 * @param data         private writable memory: what the kernel charges as committed
 * @param shared       resident pages shared with other processes (file-backed)
 */
public record ProcessMemory(long rss, long virtualSize, long data, long shared) {}
