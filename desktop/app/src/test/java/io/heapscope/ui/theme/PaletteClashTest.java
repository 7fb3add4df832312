package io.heapscope.ui.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.heapscope.ui.addressspace.SliceKind;
import io.heapscope.ui.pageinspector.BlockState;

/**
 * No colour means two things on one screen. A screen is one heap view (the address space in
 * each colour mode, the page inspector, the threads) with the timeline below it, which is always
 * there. Every two meanings shown together must differ by CIE76 ΔE ≥ 20 (colours closer than
 * that read as one: the refresher's orange beside thread_free's was 15.4 apart). The timeline's
 * "in use" and "pending" lines are the block states "in use" and "on thread_free" by design.
 */
class PaletteClashTest {

    private static final double MIN_DELTA_E = 20;

    private static Map<String, Integer> timeline() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("reserved", Palette.SERIES_RESERVED);
        m.put("committed", Palette.SERIES_COMMITTED);
        m.put(BlockState.IN_USE.label(), Palette.BLOCK_IN_USE);
        m.put(BlockState.THREAD_FREE.label(), Palette.BLOCK_THREAD_FREE);
        m.put("RSS", Palette.SERIES_RSS);
        m.put("stop", Palette.MARKER_BREAKPOINT);
        m.put("events", Palette.MARKER_EVENT);
        m.put("mark", Palette.MARKER_MARK);
        m.put("current step", Palette.CURRENT_STEP);
        return m;
    }

    private static void nonPageSlices(Map<String, Integer> m) {
        for (SliceKind k : SliceKind.values()) {
            if (!k.isPage()) {
                m.put("slice " + k.label(), k.argb());
            }
        }
    }

    private static void threads(Map<String, Integer> m) {
        for (int i = 0; i < Palette.threadColourCount(); i++) {
            m.put("thread " + i, Palette.thread(i));
        }
    }

    static Map<String, Map<String, Integer>> screens() {
        Map<String, Map<String, Integer>> screens = new LinkedHashMap<>();
        Map<String, Integer> byKind = timeline();
        for (SliceKind k : SliceKind.values()) {
            byKind.put("slice " + k.label(), k.argb());
        }
        screens.put("address space by kind", byKind);
        Map<String, Integer> byOwner = timeline();
        nonPageSlices(byOwner);
        threads(byOwner);
        byOwner.put("abandoned", Palette.OWNER_ABANDONED);
        byOwner.put("no owner", Palette.OWNER_NONE);
        screens.put("address space by owner", byOwner);
        Map<String, Integer> byUse = timeline();
        nonPageSlices(byUse);
        for (int[] step : Palette.useSteps()) {
            byUse.put("up to " + step[1] + " % live", step[0]);
        }
        screens.put("address space by use", byUse);
        Map<String, Integer> inspector = timeline();
        for (BlockState s : BlockState.values()) {
            inspector.put(s.label(), s.argb());
        }
        screens.put("page inspector", inspector);
        Map<String, Integer> threads = timeline();
        threads(threads);
        screens.put("threads", threads);
        return screens;
    }

    @Test
    void everyTwoMeaningsOnOneScreenLookDifferent() {
        List<String> clashes = new ArrayList<>();
        screens().forEach((screen, colours) -> {
            List<Map.Entry<String, Integer>> list = new ArrayList<>(colours.entrySet());
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    double d = deltaE(list.get(i).getValue(), list.get(j).getValue());
                    if (d < MIN_DELTA_E) {
                        clashes.add(String.format("%s: %s %s and %s %s are ΔE %.1f apart", screen,
                                list.get(i).getKey(), Palette.css(list.get(i).getValue()), list.get(j).getKey(),
                                Palette.css(list.get(j).getValue()), d));
                    }
                }
            }
        });
        assertEquals(List.of(), clashes);
    }

    @Test
    void theMeasureFlagsTheClashesTheWindowHad() {
        assertTrue(deltaE(0xFFD97706, 0xFFF97316) < MIN_DELTA_E, "the old thread orange and thread_free");
        assertTrue(deltaE(0xFFB91C1C, 0xFFEF4444) < MIN_DELTA_E, "the old thread red and delayed");
        assertTrue(deltaE(0xFF1F2937, 0xFF475569) < MIN_DELTA_E, "the old abandoned and segment metadata");
        assertTrue(deltaE(0xFF3B82F6, 0xFFF97316) > MIN_DELTA_E, "blue and orange are told apart");
    }

    @Test
    void byUseGoesFromLightToDarkAsPagesFill() {
        int[][] steps = Palette.useSteps();
        for (int i = 1; i < steps.length; i++) {
            assertTrue(lightness(steps[i][0]) < lightness(steps[i - 1][0]), "step " + i + " is darker");
            assertTrue(steps[i][1] > steps[i - 1][1]);
        }
        assertEquals(steps[0][0], Palette.use(0), "an empty (all freed) page is the lightest");
        assertEquals(steps[0][0], Palette.use(4), "one live block of 32 pins a page: still the lightest");
        assertEquals(steps[steps.length - 1][0], Palette.use(100));
    }

    /** CIE76 colour difference of two sRGB colours (D65). */
    static double deltaE(int a, int b) {
        double[] p = lab(a);
        double[] q = lab(b);
        return Math.sqrt(sq(p[0] - q[0]) + sq(p[1] - q[1]) + sq(p[2] - q[2]));
    }

    private static double lightness(int argb) {
        return lab(argb)[0];
    }

    private static double[] lab(int argb) {
        double r = linear(((argb >> 16) & 0xFF) / 255.0);
        double g = linear(((argb >> 8) & 0xFF) / 255.0);
        double b = linear((argb & 0xFF) / 255.0);
        double x = (r * 0.4124 + g * 0.3576 + b * 0.1805) / 0.95047;
        double y = r * 0.2126 + g * 0.7152 + b * 0.0722;
        double z = (r * 0.0193 + g * 0.1192 + b * 0.9505) / 1.08883;
        double fx = f(x);
        double fy = f(y);
        double fz = f(z);
        return new double[] {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
    }

    private static double linear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double f(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
    }

    private static double sq(double v) {
        return v * v;
    }
}
