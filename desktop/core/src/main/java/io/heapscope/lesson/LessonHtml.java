package io.heapscope.lesson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A lesson as one self-contained HTML page, for students without the app: each stop's narration,
 * a PNG picture of the heap at the stop (embedded as a data URI, so the page is a single file),
 * its question with the choices, and the answer and explanation folded away until opened.
 */
public final class LessonHtml {

    /** One stop as exported: where the run stood and its picture. */
    public record Page(StopPlace place, String position, byte[] png) {
    }

    private LessonHtml() {
    }

    /** The page's HTML. */
    public static String html(Lesson lesson, List<Page> stops) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Markdown.escape(lesson.title())).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        b.append("<h1>").append(Markdown.escape(lesson.title())).append("</h1>\n");
        b.append("<p class=\"about\">A Heapscope lesson in ").append(stops.size()).append(" stops on <code>")
                .append(Markdown.escape(lesson.scenario().getFileName().toString())).append("</code>.</p>\n");
        int n = 0;
        for (Page page : stops) {
            Stop stop = page.place().stop();
            n++;
            b.append("<section class=\"stop\" id=\"stop-").append(n).append("\">\n<h2>").append(n).append(". ")
                    .append(Markdown.escape(stop.title())).append("</h2>\n");
            b.append("<p class=\"where\">").append(Markdown.escape(page.position())).append("</p>\n");
            b.append(Markdown.html(stop.narration()));
            b.append("<img alt=\"the heap at stop ").append(n).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(page.png())).append("\">\n");
            stop.question().ifPresent(q -> question(b, q, page.place()));
            b.append("</section>\n");
        }
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    /** Writes the page to {@code out} through a temporary file beside it, so a failure leaves no half-written page. */
    public static void write(Path out, String html) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".lesson-", ".html.part");
        try {
            Files.writeString(tmp, html);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void question(StringBuilder b, Question q, StopPlace place) {
        b.append("<div class=\"question\">\n").append(Markdown.html(q.text()));
        String answer = switch (q) {
            case Question.MultipleChoice c -> {
                b.append("<ol type=\"A\">\n");
                c.choices().forEach(choice -> b.append("<li>").append(inline(choice)).append("</li>\n"));
                b.append("</ol>\n");
                yield (char) ('A' + c.correct()) + ". " + inline(c.choices().get(c.correct()));
            }
            case Question.Numeric n -> {
                double value = place.answer().isPresent() ? place.answer().getAsDouble() : n.stated();
                yield LessonRun.plain(value) + (n.tolerancePercent() > 0 ? " (within " + LessonRun.plain(n.tolerancePercent())
                        + "%)" : "");
            }
        };
        b.append("<details><summary>Answer</summary>\n<p class=\"answer\">").append(answer).append("</p>\n")
                .append(Markdown.html(q.explanation())).append("</details>\n</div>\n");
    }

    private static String inline(String markdown) {
        return Optional.of(Markdown.html(markdown)).map(h -> h.replaceFirst("^<p>", "").replaceFirst("</p>\n$", ""))
                .orElse("");
    }

    private static final String STYLE = """
            body { font-family: "DejaVu Sans", sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem;
                   color: #111827; line-height: 1.45; }
            h1 { font-size: 1.6rem; }
            h2 { font-size: 1.2rem; margin-top: 2.2rem; border-top: 1px solid #e5e7eb; padding-top: 1rem; }
            .about, .where { color: #4b5563; }
            code { font-family: "DejaVu Sans Mono", monospace; background: #f3f4f6; padding: 0 .2em; }
            img { max-width: 100%; border: 1px solid #e5e7eb; margin: .6rem 0; }
            .question { background: #f8fafc; border: 1px solid #cbd5e1; border-radius: 4px; padding: .2rem 1rem; }
            .answer { font-weight: bold; }
            summary { cursor: pointer; color: #2563eb; margin: .5rem 0; }
            """;
}
