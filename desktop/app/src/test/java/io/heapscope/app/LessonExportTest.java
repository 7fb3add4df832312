package io.heapscope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.heapscope.lesson.LessonException;
import io.heapscope.ui.theme.Palette;

/** The HTML export of the shipped free-list sharding lesson, and the command that writes it. */
class LessonExportTest {

    private static final Path SAMPLES = AppServices.defaultSamplesDir();

    @Test
    void aLessonBecomesOnePageWithAPictureOfEveryStop(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sharding.html");
        assertEquals(7, LessonExport.export(SAMPLES.resolve("lessons/free-list-sharding.lesson"), out));
        String html = Files.readString(out);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<h2>1. One block, one page</h2>"), "stop titles");
        assertTrue(html.contains("<p class=\"where\">Step 1 of 50, before line 10 runs</p>"), "where the run stood");
        assertTrue(html.contains("lazily</strong>") || html.contains("<strong>extended lazily</strong>"), "Markdown");
        assertTrue(html.contains("<p class=\"answer\">3</p>"), "a numeric answer, the run's own figure");
        assertTrue(html.contains("<p class=\"answer\">B. onto the page&#39;s <code>local_free</code> list</p>"),
                "the right choice, lettered");
        assertFalse(html.contains("src=\"http"), "self-contained: nothing to fetch");

        List<BufferedImage> pictures = pictures(html);
        assertEquals(7, pictures.size());
        BufferedImage first = pictures.getFirst();
        assertEquals(960, first.getWidth());
        assertTrue(count(first, Palette.BLOCK_FREE) > 0, "the page's free blocks are drawn");
        assertTrue(count(first, Palette.SELECTION) > 0, "the highlighted page is outlined");
        assertTrue(count(pictures.get(5), Palette.BLOCK_THREAD_FREE) > 0, "stop 6 shows the remote frees");
    }

    @Test
    void aLessonThatDoesNotHoldWritesNothing(@TempDir Path dir) throws Exception {
        Path lesson = dir.resolve("wrong.lesson");
        Files.writeString(lesson, "heapscope lesson 1\ntitle t\nscenario " + SAMPLES.resolve("free-list-sharding.scenario")
                + "\nstop s\nat line 13\n? q\nanswer blocks(free) = 4\n");
        Path out = dir.resolve("wrong.html");
        LessonException e = assertThrows(LessonException.class, () -> LessonExport.export(lesson, out));
        assertEquals(lesson + ":7:8: error: the lesson says 4 but the run gives 3", e.diagnostics().getFirst().toString());
        assertFalse(Files.exists(out));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("wrong.lesson"), files.map(f -> f.getFileName().toString()).toList(), "no part file left");
        }
    }

    @Test
    void theCommandSaysHowItIsUsedAndWhereALessonBreaks(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, LessonCommand.execute(List.of("export", "x.lesson"), new PrintStream(out), new PrintStream(err)));
        assertTrue(err.toString().contains("lesson export FILE --html OUT"), err.toString());
        Path broken = dir.resolve("broken.lesson");
        Files.writeString(broken, "heapscope lesson 1\ntitle t\nscenario x.scenario\nstop s\nat nowhere\n");
        err.reset();
        assertEquals(3, LessonCommand.execute(List.of("export", broken.toString(), "--html", dir.resolve("b.html").toString()),
                new PrintStream(out), new PrintStream(err)));
        assertTrue(err.toString().contains(broken + ":5:4: error: expected 'at start', 'at end'"), err.toString());
        Path html = dir.resolve("design.html");
        assertEquals(0, LessonCommand.execute(List.of("export", SAMPLES.resolve("lessons/mimalloc-design.lesson").toString(),
                "--html", html.toString()), new PrintStream(out), new PrintStream(err)));
        assertTrue(out.toString().contains("(10 stops"), out.toString());
    }

    static List<BufferedImage> pictures(String html) throws Exception {
        List<BufferedImage> out = new ArrayList<>();
        Matcher m = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)").matcher(html);
        while (m.find()) {
            out.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
        }
        return out;
    }

    private static long count(BufferedImage image, int argb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == (argb & 0xFFFFFF) ? 1 : 0;
            }
        }
        return n;
    }
}
