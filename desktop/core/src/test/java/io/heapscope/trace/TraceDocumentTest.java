package io.heapscope.trace;

import io.heapscope.agent.AgentBinaries;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/trace-format.md and the reader agree: op numbers and names, header fields, tags, version. */
class TraceDocumentTest {
    private static String doc() throws IOException {
        Path repo = AgentBinaries.find("libheapscope-record.so").getParent().getParent().getParent();
        return Files.readString(repo.resolve("docs/trace-format.md"));
    }

    @Test
    void opTableMatchesTheReader() throws IOException {
        Map<Integer, String> documented = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\| (\\d+)\\s+\\| ([a-z_-]+)\\s+\\|").matcher(doc());
        while (m.find()) documented.put(Integer.parseInt(m.group(1)), m.group(2));
        Map<Integer, String> reader = new LinkedHashMap<>();
        for (Op op : Op.values()) reader.put(op.code, op.traceName);
        assertEquals(reader, documented);
    }

    @Test
    void headerFieldsVersionAndTags() throws IOException {
        String d = doc();
        List<String> fields = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| ([a-z_]+)\\s+\\| (?:8 bytes|1 byte|varint|string)\\s+\\|").matcher(
                d.substring(d.indexOf("## Header"), d.indexOf("## Records")));
        while (m.find()) fields.add(m.group(1));
        List<String> header = new ArrayList<>();
        for (var c : TraceHeader.class.getRecordComponents()) header.add(c.getName());
        assertEquals(List.of("magic", "version", "pid", "ppid", "start", "index_every", "command", "under"), fields);
        assertEquals(List.of("format", "version", "pid", "parentPid", "startEpochNs", "indexEvery", "command", "under"), header,
                "the header record holds the documented fields in order (magic read as the format)");
        assertTrue(d.startsWith("# The .hstrace format, version " + HstraceReader.VERSION + "\n"));
        assertTrue(d.contains("**Chunk** (`C`, 0x" + Integer.toHexString(HstraceReader.TAG_CHUNK) + ")"));
        assertTrue(d.contains("**Index** (`I`, 0x" + Integer.toHexString(HstraceReader.TAG_INDEX) + ")"));
    }
}
