package io.heapscope.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a snapshot file must hold together, checked on the file's own tree so the JSON path is
 * the file's (before the model sorts anything): the step is the figures' step, every page lies
 * in a segment of the file (on the v3 design, which has no segments, its {@code segment} is the
 * start of one of the file's arenas), a page's counts fit in it (used within capacity, capacity within
 * reserved, none negative) and its block runs cover exactly its reserved blocks.
 */
final class SnapshotConsistency {

    /** The first inconsistency: its JSON path and what is wrong. */
    record Problem(String path, String message) {
    }

    private SnapshotConsistency() {
    }

    /** Called only on a tree that already reads as a document (fields present and typed). */
    static Optional<Problem> check(JsonNode root) {
        long step = root.get("step").asLong();
        if (step < 0) {
            return problem("$.step", "the step is negative: " + step);
        }
        long figuresStep = root.get("figures").get("step").asLong();
        if (figuresStep != step) {
            return problem("$.figures.step", "the figures are of step " + figuresStep + ", the document of step " + step);
        }
        JsonNode snapshot = root.get("snapshot");
        Set<Long> segments = new HashSet<>();
        for (JsonNode s : snapshot.get("segments")) {
            segments.add(s.get("address").asLong());
        }
        JsonNode design = snapshot.get("design");
        if (design != null && design.asText().equals("v3")) {
            for (JsonNode a : snapshot.get("arenas")) {
                segments.add(a.get("start").asLong());
            }
        }
        JsonNode pages = snapshot.get("pages");
        for (int i = 0; i < pages.size(); i++) {
            Optional<Problem> p = page("$.snapshot.pages[" + i + "]", pages.get(i), segments);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> page(String at, JsonNode page, Set<Long> segments) {
        long segment = page.get("segment").asLong();
        if (!segments.contains(segment)) {
            return problem(at + ".segment", "the page's segment 0x" + Long.toHexString(segment)
                    + " is not among the file's segments (nor, on v3, its arenas)");
        }
        for (String count : new String[] {"used", "capacity", "reserved", "freeCount", "localFreeCount",
                "threadFreeCount", "delayedCount"}) {
            if (page.get(count).asLong() < 0) {
                return problem(at + "." + count, "a count cannot be negative: " + page.get(count).asLong());
            }
        }
        long used = page.get("used").asLong();
        long capacity = page.get("capacity").asLong();
        long reserved = page.get("reserved").asLong();
        if (capacity > reserved) {
            return problem(at + ".capacity", "capacity " + capacity + " is more than the " + reserved + " blocks reserved");
        }
        if (used > reserved) {
            return problem(at + ".used", used + " blocks used is more than the " + reserved + " blocks reserved");
        }
        JsonNode blocks = page.get("blocks");
        JsonNode runs = blocks == null || blocks.isNull() ? null : blocks.get("runs");
        if (runs != null && runs.size() > 0) {
            long covered = 0;
            for (int r = 0; r < runs.size(); r++) {
                long length = runs.get(r).get("length").asLong();
                if (length <= 0) {
                    return problem(at + ".blocks.runs[" + r + "].length", "a run of blocks must be longer than 0: " + length);
                }
                covered += length;
            }
            if (covered != reserved) {
                return problem(at + ".blocks.runs", "the block runs cover " + covered + " blocks, the page reserves "
                        + reserved);
            }
        }
        return Optional.empty();
    }

    private static Optional<Problem> problem(String path, String message) {
        return Optional.of(new Problem(path, message));
    }
}
