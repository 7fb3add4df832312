package io.heapscope.ui.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The CSS looked-up colours and the Java palette say the same thing. */
class PaletteCssTest {

    @Test
    void everyCssColourMatchesThePaletteConstant() throws Exception {
        Map<String, Integer> css = cssColours();
        assertTrue(css.size() >= 16, "colours found: " + css.keySet());
        int checked = 0;
        for (Field f : Palette.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != int.class) {
                continue;
            }
            String name = "-hs-" + f.getName().toLowerCase(Locale.ROOT).replace('_', '-');
            if (css.containsKey(name)) {
                assertEquals(f.getInt(null) & 0xFFFFFF, css.get(name).intValue(), name);
                checked++;
            }
        }
        assertEquals(css.size(), checked, "every CSS colour has a Palette constant of the same name");
    }

    @Test
    void shadeDarkensAndKeepsAlpha() {
        assertEquals(0xFF404040, Palette.shade(0xFF808080, 0.5));
        assertEquals("#3b82f6", Palette.css(Palette.BLOCK_IN_USE));
    }

    @Test
    void bytesReadLikePeopleWriteThem() {
        assertEquals("0 B", Bytes.format(0));
        assertEquals("64 KiB", Bytes.format(65536));
        assertEquals("1.5 MiB", Bytes.format(3 << 19));
        assertEquals("1 GiB", Bytes.format(1L << 30));
    }

    private static Map<String, Integer> cssColours() throws IOException {
        try (InputStream in = Palette.class.getResourceAsStream("heapscope.css")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("(-hs-[a-z-]+):\\s*#([0-9a-fA-F]{6});").matcher(text);
            Map<String, Integer> out = new HashMap<>();
            while (m.find()) {
                out.put(m.group(1), Integer.parseInt(m.group(2), 16));
            }
            return out;
        }
    }
}
