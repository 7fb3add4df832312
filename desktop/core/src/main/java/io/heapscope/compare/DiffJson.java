package io.heapscope.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * {@link SnapshotDiff} as a JSON document: {@code {"format": "heapscope-diff", "version": 1,
 * "before": {...}, "after": {...}, "diff": {...}}}, the diff's fields named as its records'
 * (documented in {@code docs/cli.md}).
 */
public final class DiffJson {

    public static final String FORMAT = "heapscope-diff";
    public static final int VERSION = 1;

    /** Which snapshot a side of the diff is: its file and what the file says of itself. */
    public record Side(String file, String scenario, long step, String allocator) {
    }

    record Document(String format, int version, Side before, Side after, SnapshotDiff diff) {
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private DiffJson() {
    }

    public static String write(Side before, Side after, SnapshotDiff diff) {
        try {
            return MAPPER.writeValueAsString(new Document(FORMAT, VERSION, before, after, diff));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the diff does not serialise: " + e.getMessage(), e);
        }
    }
}
