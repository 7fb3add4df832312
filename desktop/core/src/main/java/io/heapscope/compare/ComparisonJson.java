package io.heapscope.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.heapscope.engine.Comparison;
import io.heapscope.engine.ExpectResult;
import io.heapscope.engine.Figures;
import io.heapscope.model.ClassTable;
import io.heapscope.model.SizeClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A comparison as one JSON document: {@code {"format": "heapscope-compare", "version": 1,
 * "scenario", "step", "columns": [...]}}, each column with its backend, allocator, settings,
 * figures where it stopped, every expect's result, its size-class table (system backends) and its
 * per-step series (documented in {@code docs/cli.md}). Unmeasurable figures are -1, unknown
 * size-class figures null.
 */
public final class ComparisonJson {

    public static final String FORMAT = "heapscope-compare";
    public static final int VERSION = 1;

    /** One column's results, as the command line gathered them. */
    public record ColumnResult(String label, String backend, String allocator, String settings, String outcome,
                               Figures figures, Comparison.Extra extra, List<ExpectResult> expects,
                               ClassTable classes, List<Figures> history, List<Comparison.Extra> extraHistory) {
    }

    record Document(String format, int version, String scenario, long step, List<Map<String, Object>> columns) {
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private ComparisonJson() {
    }

    public static String write(String scenario, long step, List<ColumnResult> columns) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ColumnResult c : columns) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", c.label());
            m.put("backend", c.backend());
            m.put("allocator", c.allocator());
            m.put("settings", c.settings());
            m.put("outcome", c.outcome());
            m.put("figures", figures(c.figures(), c.extra()));
            List<Map<String, Object>> expects = new ArrayList<>();
            for (ExpectResult e : c.expects()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("position", e.span().position());
                x.put("assertion", e.assertion());
                x.put("message", e.message());
                x.put("outcome", e.outcome().name());
                x.put("left", Double.isNaN(e.left()) ? null : e.left());
                x.put("right", Double.isNaN(e.right()) ? null : e.right());
                x.put("detail", e.detail());
                expects.add(x);
            }
            m.put("expects", expects);
            m.put("classes", c.classes().present() ? classes(c.classes()) : null);
            List<Map<String, Object>> series = new ArrayList<>();
            Map<Long, Comparison.Extra> extra = new LinkedHashMap<>();
            c.extraHistory().forEach(x -> extra.put(x.step(), x));
            for (Figures f : c.history()) {
                series.add(figures(f, extra.getOrDefault(f.step(), new Comparison.Extra(f.step(), -1, -1))));
            }
            m.put("series", series);
            out.add(m);
        }
        try {
            return MAPPER.writeValueAsString(new Document(FORMAT, VERSION, scenario, step, out));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the comparison does not serialise: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> figures(Figures f, Comparison.Extra x) {
        Map<String, Object> m = new LinkedHashMap<>();
        long[] values = f.values();
        for (int i = 0; i < values.length; i++) {
            m.put(Figures.COLUMNS.get(i), values[i]);
        }
        m.put("held_free", x.heldFree());
        m.put("partial_pages", x.partialPages());
        return m;
    }

    private static Map<String, Object> classes(ClassTable t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", t.source());
        List<Map<String, Object>> levels = new ArrayList<>();
        for (ClassTable.Level l : t.levels()) {
            Map<String, Object> level = new LinkedHashMap<>();
            level.put("name", l.name());
            level.put("total", known(l.total()));
            levels.add(level);
        }
        m.put("levels", levels);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SizeClass c : t.classes()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("from", c.from());
            r.put("to", c.to());
            r.put("live_blocks", c.liveBlocks());
            r.put("live_bytes", c.liveBytes());
            r.put("pages", known(c.pages()));
            r.put("partial_pages", known(c.partialPages()));
            r.put("held_free", known(c.heldFree()));
            List<Long> byLevel = new ArrayList<>();
            c.levels().forEach(v -> byLevel.add(known(v)));
            r.put("held_by_level", byLevel);
            rows.add(r);
        }
        m.put("classes", rows);
        return m;
    }

    private static Long known(long v) {
        return v == SizeClass.UNKNOWN ? null : v;
    }
}
