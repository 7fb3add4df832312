package io.heapscope.lesson;

import java.util.List;

/**
 * Writes lesson text in the format {@link LessonParser} reads (the window's recorder saves what an
 * author stepped through and typed): the header, the title, the scenario path, then one block per
 * stop. Narration and explanations become {@code >} and {@code !} lines, one per line of text.
 */
public final class LessonWriter {

    /** A stop as recorded: a title, where it stands, what it shows, and its narration. */
    public record Recorded(String title, long step, List<String> shows, String narration) {
        public Recorded {
            shows = List.copyOf(shows);
        }
    }

    private LessonWriter() {
    }

    /** The lesson's text; {@code scenario} as it should appear (relative to the lesson's folder). */
    public static String write(String title, String scenario, List<Recorded> stops) {
        StringBuilder b = new StringBuilder();
        b.append("heapscope lesson ").append(LessonParser.VERSION).append('\n');
        b.append("title ").append(oneLine(title)).append('\n');
        b.append("scenario ").append(scenario).append('\n');
        for (Recorded r : stops) {
            b.append('\n').append("stop ").append(oneLine(r.title())).append('\n');
            b.append(r.step() == 0 ? "at start" : "at step " + r.step()).append('\n');
            r.shows().forEach(s -> b.append("show ").append(s).append('\n'));
            for (String line : r.narration().strip().split("\n", -1)) {
                b.append(line.isBlank() ? ">" : "> " + line.stripTrailing()).append('\n');
            }
        }
        return b.toString();
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ').strip();
        return t.isEmpty() ? "Untitled" : t;
    }
}
