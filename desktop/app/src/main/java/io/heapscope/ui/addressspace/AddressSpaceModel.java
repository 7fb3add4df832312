package io.heapscope.ui.addressspace;

import java.util.ArrayList;
import java.util.List;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

import io.heapscope.ui.theme.Bytes;
import io.heapscope.ui.theme.Palette;

/**
 * State of the address-space view: the data of the current step, the colour mode, zoom and pan,
 * what the pointer is over and what is selected. Pure logic, tested without a stage.
 */
final class AddressSpaceModel {

    enum ColourMode {
        KIND("By kind"), OWNER("By owner"), USE("By use");

        private final String label;

        ColourMode(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** One swatch of the legend. */
    record LegendEntry(String label, int argb, String explanation) {
    }

    private final ObjectProperty<AddressSpaceData> data = new SimpleObjectProperty<>(this, "data", AddressSpaceData.empty());
    private final ObjectProperty<ColourMode> colourMode = new SimpleObjectProperty<>(this, "colourMode", ColourMode.KIND);
    private final ObjectProperty<Viewport> viewport = new SimpleObjectProperty<>(this, "viewport", new Viewport(8, 8, 8));
    private final ObjectProperty<SliceRef> hover = new SimpleObjectProperty<>(this, "hover");
    private final ObjectProperty<SliceRef> selected = new SimpleObjectProperty<>(this, "selected");

    private SliceLayout layout = new SliceLayout(List.of(), 1);
    private int[][] colours = new int[0][];

    AddressSpaceModel() {
        data.addListener((obs, old, now) -> rebuild(now));
        colourMode.addListener((obs, old, now) -> colours = colour(data.get(), now));
    }

    ObjectProperty<AddressSpaceData> dataProperty() {
        return data;
    }

    ObjectProperty<ColourMode> colourModeProperty() {
        return colourMode;
    }

    ObjectProperty<Viewport> viewportProperty() {
        return viewport;
    }

    ObjectProperty<SliceRef> hoverProperty() {
        return hover;
    }

    ObjectProperty<SliceRef> selectedProperty() {
        return selected;
    }

    SliceLayout layout() {
        return layout;
    }

    int[][] colours() {
        return colours;
    }

    void zoomAt(double factor, double x, double y) {
        viewport.set(viewport.get().zoomAt(factor, x, y));
    }

    void panBy(double dx, double dy) {
        viewport.set(viewport.get().panBy(dx, dy));
    }

    /** Zooms so the whole address space fits in a {@code w × h} view. */
    void fit(double w, double h) {
        List<SegmentSlices> segs = data.get().segments();
        int tiles = SliceLayout.bestTileColumns(segs, w - 12, h - 12);
        if (tiles != layout.tileColumns()) {
            layout = new SliceLayout(segs, tiles);
        }
        viewport.set(Viewport.fit(layout.width(), layout.height(), w, h, 6));
    }

    /** Pans so that world point (cellX, cellY) sits in the middle of a {@code w × h} view. */
    void centreOn(double cellX, double cellY, double w, double h) {
        Viewport v = viewport.get();
        viewport.set(new Viewport(v.scale(), w / 2 - cellX * v.scale(), h / 2 - cellY * v.scale()));
    }

    /** The slice drawn at screen point (x, y), or null over a gap or outside the segments. */
    SliceRef sliceAt(double x, double y) {
        Viewport v = viewport.get();
        AddressSpaceData d = data.get();
        int[] at = layout.sliceAt(v.cellX(x), v.cellY(y), d.segments());
        return at == null ? null : new SliceRef(at[0], at[1], d.segments().get(at[0]), d.sliceSize());
    }

    /** A plain-language description of a slice and the span it belongs to, for the tooltip. */
    String describe(SliceRef ref) {
        if (ref == null) {
            return "";
        }
        AddressSpaceData d = data.get();
        SegmentSlices s = ref.segment();
        int start = ref.spanStart();
        int end = s.spanEnd(ref.slice());
        SliceKind kind = ref.kind();
        StringBuilder b = new StringBuilder();
        b.append(String.format("0x%x — slice %d of %s 0x%x", ref.address(), ref.slice(), d.rowName(), s.address()));
        b.append(s.arena() >= 0 ? " (arena " + s.arena() + ")" : " (from the OS)");
        b.append('\n').append(capitalise(kind.label()));
        int slices = end - start;
        b.append(String.format(": slices %d–%d, %s", start, end - 1, Bytes.format(slices * d.sliceSize())));
        int owner = s.owners()[ref.slice()];
        if (s.abandoned()) {
            b.append("\nOwner: none — the segment is abandoned (its thread exited)");
        } else if (owner >= 0) {
            b.append("\nOwner: ").append(d.threadName(owner));
        }
        String note = s.notes()[start];
        if (note != null) {
            b.append('\n').append(note);
        }
        b.append('\n').append(kind.explanation());
        return b.toString();
    }

    /** One line for the status bar: what the whole view shows. */
    String summary() {
        AddressSpaceData d = data.get();
        if (d.isEmpty()) {
            return "No segments yet: step the scenario to allocate.";
        }
        long[] counts = new long[SliceKind.values().length];
        long slices = 0;
        int abandoned = 0;
        for (SegmentSlices s : d.segments()) {
            for (byte k : s.kinds()) {
                counts[k]++;
            }
            slices += s.sliceCount();
            abandoned += s.abandoned() ? 1 : 0;
        }
        long pages = counts[SliceKind.SMALL.ordinal()] + counts[SliceKind.MEDIUM.ordinal()]
                + counts[SliceKind.LARGE.ordinal()] + counts[SliceKind.HUGE.ordinal()];
        String rows = d.segments().size() + " " + d.rowName() + "s";
        if (!d.rowName().equals("segment")) {
            /* v3: no segments, so none is abandoned; pages are, one by one (the Abandoned view) */
            return String.format("no segments (v3): %s, %s of address space: %s in pages, %s free, %s purged",
                    rows, Bytes.format(slices * d.sliceSize()), Bytes.format(pages * d.sliceSize()),
                    Bytes.format(counts[SliceKind.FREE.ordinal()] * d.sliceSize()),
                    Bytes.format(counts[SliceKind.PURGED.ordinal()] * d.sliceSize()));
        }
        return String.format("%s, %s of address space: %s in pages, %s free, %s purged, %d abandoned",
                rows, Bytes.format(slices * d.sliceSize()), Bytes.format(pages * d.sliceSize()),
                Bytes.format(counts[SliceKind.FREE.ordinal()] * d.sliceSize()),
                Bytes.format(counts[SliceKind.PURGED.ordinal()] * d.sliceSize()), abandoned);
    }

    /** The legend for the current colour mode. */
    List<LegendEntry> legend() {
        List<LegendEntry> entries = new ArrayList<>();
        if (colourMode.get() == ColourMode.USE) {
            int from = 0;
            for (int[] step : Palette.useSteps()) {
                String label = (from == 0 ? "0" : Integer.toString(from)) + "–" + step[1] + " % live";
                entries.add(new LegendEntry(label, step[0], "Pages whose blocks are " + label
                        + ": the share handed out and not freed. A light page with a few live blocks is pinned: "
                        + "it cannot be returned while one of them lives (fragmentation)."));
                from = step[1] + 1;
            }
            for (SliceKind k : SliceKind.values()) {
                if (!k.isPage()) {
                    entries.add(new LegendEntry(k.label(), k.argb(), k.explanation()));
                }
            }
        } else if (colourMode.get() == ColourMode.OWNER) {
            List<String> names = data.get().threadNames();
            for (int i = 0; i < names.size(); i++) {
                entries.add(new LegendEntry(names.get(i), Palette.thread(i),
                        "Pages owned by thread " + names.get(i) + " (allocated from its heap)."));
            }
            entries.add(new LegendEntry("abandoned", Palette.OWNER_ABANDONED,
                    "Pages of a segment whose thread exited; another thread may reclaim it."));
            for (SliceKind k : SliceKind.values()) {
                if (!k.isPage()) {
                    entries.add(new LegendEntry(k.label(), k.argb(), k.explanation()));
                }
            }
        } else {
            for (SliceKind k : SliceKind.values()) {
                entries.add(new LegendEntry(k.label(), k.argb(), k.explanation()));
            }
        }
        return entries;
    }

    private void rebuild(AddressSpaceData d) {
        layout = new SliceLayout(d.segments(), layout.tileColumns());
        colours = colour(d, colourMode.get());
        hover.set(null);
        SliceRef sel = selected.get();
        selected.set(sel == null ? null : resolve(d, sel.segment(), sel.slice()));
    }

    /**
     * The slice at the same place in new data, or null if that segment is gone. A segment is the
     * same one when its serial is (a replay places it at another address), else when its address is.
     */
    static SliceRef resolve(AddressSpaceData d, SegmentSlices was, int slice) {
        List<SegmentSlices> segs = d.segments();
        for (int i = 0; i < segs.size(); i++) {
            SegmentSlices s = segs.get(i);
            boolean same = was.serial() >= 0 && s.serial() >= 0 ? s.serial() == was.serial() : s.address() == was.address();
            if (same && slice < s.sliceCount()) {
                return new SliceRef(i, slice, s, d.sliceSize());
            }
        }
        return null;
    }

    static int[][] colour(AddressSpaceData d, ColourMode mode) {
        List<SegmentSlices> segs = d.segments();
        int[][] out = new int[segs.size()][];
        for (int s = 0; s < segs.size(); s++) {
            SegmentSlices seg = segs.get(s);
            int[] c = new int[seg.sliceCount()];
            for (int i = 0; i < c.length; i++) {
                SliceKind k = seg.kind(i);
                if (mode == ColourMode.OWNER && k.isPage()) {
                    int owner = seg.owners()[i];
                    c[i] = seg.abandoned() ? Palette.OWNER_ABANDONED
                            : owner >= 0 ? Palette.thread(owner) : Palette.OWNER_NONE;
                } else if (mode == ColourMode.USE && k.isPage() && seg.live()[i] >= 0) {
                    c[i] = Palette.use(seg.live()[i]);
                } else {
                    c[i] = k.argb();
                }
            }
            out[s] = c;
        }
        return out;
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
