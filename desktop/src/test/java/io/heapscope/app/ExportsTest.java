package io.heapscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.heapscope.app.adapt.SnapshotPicturesTest;

class ExportsTest {

    @Test
    void snapshotJsonCarriesASchemaVersionAndTheModel() throws Exception {
        String json = Exports.json(SnapshotPicturesTest.snapshot(), 5);
        JsonNode root = new ObjectMapper().readTree(json);
        assertEquals(Exports.JSON_SCHEMA, root.get("schema").asInt());
        assertEquals(5, root.get("step").asInt());
        JsonNode page = root.get("snapshot").get("pages").get(0);
        assertEquals(320, page.get("blockSize").asInt());
        assertEquals(3, page.get("threadFreeCount").asInt());
        assertTrue(root.get("snapshot").get("segments").get(0).has("commitMask"));
    }
}
