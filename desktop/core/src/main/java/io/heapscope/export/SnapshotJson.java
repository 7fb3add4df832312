package io.heapscope.export;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes and reads {@link SnapshotDocument}s with Jackson, straight from and into the model
 * records. Reading is strict: unknown, missing or null fields are errors, reported with their
 * JSON path, so a file that reads back is a faithful snapshot.
 */
public final class SnapshotJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private SnapshotJson() {
    }

    public static String write(SnapshotDocument document) {
        try {
            return MAPPER.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the snapshot model does not serialise: " + e.getMessage(), e);
        }
    }

    /** Writes the document whole or not at all ({@link OutputFiles}). */
    public static void write(SnapshotDocument document, Path file) throws IOException {
        OutputFiles.write(file, write(document));
    }

    /** The largest snapshot file read: reading one takes several times its size in memory. */
    public static final long MAX_FILE_BYTES = 256L << 20;

    /**
     * Reads a snapshot file: one larger than {@link #MAX_FILE_BYTES}, one that is not UTF-8 and
     * one that is not a consistent document are refused with the file and the JSON path.
     */
    public static SnapshotDocument read(Path file) throws SnapshotFileException, IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new SnapshotFileException(file.toString(), "$", String.format(java.util.Locale.ROOT,
                    "the file is %.1f MiB; snapshot files are read up to %d MiB", size / 1048576.0, MAX_FILE_BYTES >> 20),
                    null);
        }
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SnapshotFileException(file.toString(), "$", "not UTF-8 text, so not JSON", e);
        }
        return read(file.toString(), text);
    }

    /** Reads a document; {@code fileName} only labels errors. */
    public static SnapshotDocument read(String fileName, String json) throws SnapshotFileException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new SnapshotFileException(fileName, "$", "not JSON" + at(e.getLocation()) + ": "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SnapshotFileException(fileName, "$", "expected a JSON object", null);
        }
        JsonNode format = root.get("format");
        if (format == null || !SnapshotDocument.FORMAT.equals(format.asText())) {
            throw new SnapshotFileException(fileName, "$.format", "expected \"" + SnapshotDocument.FORMAT
                    + "\", found " + format, null);
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isInt() || version.intValue() != SnapshotDocument.VERSION) {
            throw new SnapshotFileException(fileName, "$.version", "this Heapscope reads version "
                    + SnapshotDocument.VERSION + ", the file has " + version, null);
        }
        SnapshotDocument document;
        try {
            document = MAPPER.treeToValue(root, SnapshotDocument.class);
        } catch (DatabindException e) {
            throw new SnapshotFileException(fileName, path(e), problem(e), e);
        } catch (JsonProcessingException e) {
            throw new SnapshotFileException(fileName, "$", e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new SnapshotFileException(fileName, "$", e.getMessage(), e);
        }
        var problem = SnapshotConsistency.check(root);
        if (problem.isPresent()) {
            throw new SnapshotFileException(fileName, problem.get().path(), problem.get().message(), null);
        }
        return document;
    }

    /** {@code $.snapshot.pages[3].kind} from Jackson's reference chain. */
    static String path(DatabindException e) {
        StringBuilder sb = new StringBuilder("$");
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    sb.append('.').append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    sb.append('[').append(r.getIndex()).append(']');
                }
            }
        }
        return sb.toString();
    }

    private static String problem(DatabindException e) {
        Throwable cause = e.getCause();
        String message = e.getOriginalMessage();
        int cut = message.indexOf('\n');
        message = cut < 0 ? message : message.substring(0, cut);
        if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
            return cause.getMessage() == null ? message : cause.getMessage();
        }
        return message;
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** For tests and tools: the document as a tree. */
    static JsonNode tree(SnapshotDocument document) {
        try {
            return MAPPER.readTree(write(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
