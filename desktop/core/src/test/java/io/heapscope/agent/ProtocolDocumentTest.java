package io.heapscope.agent;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's op, error, frame and record numbers and its encoding of the example batch agree with
 * native/PROTOCOL.md. Only the Java client's side is checked here.
 */
class ProtocolDocumentTest {
    private static String doc;

    @BeforeAll
    static void read() throws IOException {
        Path nativeDir = AgentBinaries.agent().getParent().getParent();
        doc = Files.readString(nativeDir.resolve("PROTOCOL.md"));
    }

    private static String section(String start, String end) {
        int a = doc.indexOf(start);
        int b = doc.indexOf(end, a + start.length());
        assertFalse(a < 0 || b < 0, "PROTOCOL.md has a section from '" + start + "' to '" + end + "'");
        return doc.substring(a, b);
    }

    /** Rows "| number | NAME |" of a table. */
    private static Map<String, Integer> rows(String text) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\|\\s*(\\d+)\\s*\\|\\s*([A-Z_]+)\\s*\\|").matcher(text);
        while (m.find()) out.put(m.group(2), Integer.parseInt(m.group(1)));
        return out;
    }

    private static int constant(String name) {
        try {
            return Protocol.class.getField(name).getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Protocol has no constant " + name, e);
        }
    }

    @Test
    void opCodesMatchTheDocument() {
        Map<String, Integer> ops = rows(section("#### Ops", "Rules checked"));
        assertEquals(16, ops.size(), "ops documented: " + ops);
        ops.forEach((name, code) -> assertEquals(code, constant("OP_" + name), "op " + name));
    }

    @Test
    void errorCodesMatchTheDocument() {
        Map<String, Integer> errors = rows(section("| code | name ", "## 5."));
        assertEquals(ErrorCode.values().length - 1, errors.size(), "every error code is documented: " + errors);
        errors.forEach((name, code) -> assertEquals(code, ErrorCode.valueOf(name).code(), "error " + name));
    }

    @Test
    void frameTypesMatchTheDocument() {
        Matcher m = Pattern.compile("\\| `0x(\\w\\w)` \\| (\\w+)\\s*\\| `0x(\\w\\w)` (\\w+)").matcher(doc);
        int n = 0;
        while (m.find()) {
            assertEquals(Integer.parseInt(m.group(1), 16), constant("REQ_" + m.group(2)), m.group(2));
            assertEquals(Integer.parseInt(m.group(3), 16), constant("REP_" + m.group(4)), m.group(4));
            n++;
        }
        assertEquals(5, n);
        assertEquals(0xFF, Protocol.REP_ERROR);
    }

    @Test
    void theDocumentsExampleIsWhatTheClientSends() {
        String example = codeBlockAfter("## 5. Example");
        List<Byte> bytes = new ArrayList<>();
        for (String line : example.split("\n")) {
            for (String token : line.trim().split("\\s+")) {
                if (!token.matches("[0-9a-f]{2}")) break;   // the comment starts
                bytes.add((byte) Integer.parseInt(token, 16));
            }
        }
        byte[] expected = new byte[bytes.size()];
        for (int i = 0; i < expected.length; i++) expected[i] = bytes.get(i);
        byte[] actual = FrameWriter.batch(7, Batch.lockstep(new Op.ThreadStart(0), new Op.Alloc(0, 1, 100)));
        assertArrayEquals(expected, actual, () -> "client sends " + HexFormat.ofDelimiter(" ").formatHex(actual));
    }

    private static String codeBlockAfter(String heading) {
        int a = doc.indexOf(heading);
        int open = doc.indexOf("```", a);
        int body = doc.indexOf('\n', open) + 1;
        int close = doc.indexOf("```", body);
        return doc.substring(body, close);
    }

    @Test
    void everySnapshotRecordIsDocumented() {
        for (String record : List.of("PROCESS (1)", "STATS (2)", "BINS (3)", "ARENA (4)", "SEGMENT (5)", "PAGE (6)",
                "HEAP (7)", "THREAD (8)", "REMOVED (9)", "TEXT (10)", "DESIGN (11)", "CLASSES (12)", "SYSPAGE (13)")) {
            assertTrue(doc.contains("**" + record + "**"), "PROTOCOL.md documents " + record);
            String name = record.substring(0, record.indexOf(' '));
            int tag = Integer.parseInt(record.replaceAll("\\D", ""));
            assertEquals(tag, constant("REC_" + name), record);
        }
    }
}
