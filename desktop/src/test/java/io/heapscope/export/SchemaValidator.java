package io.heapscope.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates JSON against the subset of JSON Schema 2020-12 that {@code docs/snapshot.schema.json}
 * uses: type, properties, required, additionalProperties: false, items, enum, const, minimum and
 * local $ref. A keyword outside that subset is an error, so the schema cannot silently use one this
 * validator ignores. (A full validator such as networknt's can replace it; see the report.)
 */
final class SchemaValidator {

    private static final Set<String> KNOWN = Set.of("$schema", "$id", "$defs", "title", "description", "type",
            "properties", "required", "additionalProperties", "items", "enum", "const", "minimum", "$ref");

    private final JsonNode root;

    SchemaValidator(JsonNode schema) {
        this.root = schema;
    }

    /** The violations, each as {@code $.path: problem}; empty when valid. */
    List<String> validate(JsonNode value) {
        List<String> errors = new ArrayList<>();
        check(root, value, "$", errors);
        return errors;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KNOWN.contains(k)) {
                throw new IllegalArgumentException("schema keyword '" + k + "' at " + path + " is not supported");
            }
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/$defs/")) {
                throw new IllegalArgumentException("only local $refs: " + ref);
            }
            JsonNode target = root.path("$defs").path(ref.substring("#/$defs/".length()));
            if (target.isMissingNode()) {
                throw new IllegalArgumentException("dangling $ref " + ref);
            }
            check(target, value, path, errors);
        }
        if (schema.has("type") && !typeMatches(schema.get("type").asText(), value)) {
            errors.add(path + ": expected " + schema.get("type").asText() + ", found " + value.getNodeType());
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            errors.add(path + ": expected " + schema.get("const") + ", found " + value);
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(value);
            }
            if (!found) {
                errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
            errors.add(path + ": " + value + " is below the minimum " + schema.get("minimum"));
        }
        if (value.isObject()) {
            object(schema, value, path, errors);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private void object(JsonNode schema, JsonNode value, String path, List<String> errors) {
        JsonNode props = schema.path("properties");
        for (JsonNode r : schema.path("required")) {
            if (!value.has(r.asText())) {
                errors.add(path + ": missing required property '" + r.asText() + "'");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (props.has(f.getKey())) {
                check(props.get(f.getKey()), f.getValue(), path + "." + f.getKey(), errors);
            } else if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
                errors.add(path + ": unexpected property '" + f.getKey() + "'");
            }
        }
    }

    private static boolean typeMatches(String type, JsonNode v) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "boolean" -> v.isBoolean();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "null" -> v.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }
}
