package io.heapscope.lesson;

import io.heapscope.engine.BreakEvent;
import io.heapscope.scenario.op.HandleKey;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the lesson format of {@code docs/lessons.md}: one item per line, the line's first word
 * (or mark: {@code >}, {@code ?}, {@code -}, {@code +}, {@code !}) saying what it is. Every
 * problem is a {@link Diagnostic} at {@code file:line:col}; the parser goes on after each, so one
 * reading reports them all.
 */
public final class LessonParser {

    /** The format version this parser reads: {@code heapscope lesson 1}. */
    public static final int VERSION = 1;

    private static final Pattern HEADER = Pattern.compile("heapscope lesson (\\d+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HANDLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:\\[(\\d{1,10})])?");
    private static final Pattern OCCURRENCE = Pattern.compile("(.*?)\\s+#(\\d{1,9})");
    private static final Pattern ANSWER = Pattern.compile(
            "(.*?[^=<>!])=\\s*(-?[0-9][0-9_]*(?:\\.[0-9]+)?)(?:\\s+within\\s+([0-9]+(?:\\.[0-9]+)?)%)?\\s*");
    private static final Pattern POINT = Pattern.compile("start|end|\\d{1,18}|[A-Za-z_][A-Za-z0-9_]*");

    /** What {@link #parse} found: the lesson when there were no errors, and every problem. */
    public record Result(Optional<Lesson> lesson, List<Diagnostic> diagnostics) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean ok() {
            return lesson.isPresent();
        }
    }

    private final String file;
    private final List<Diagnostic> problems = new ArrayList<>();
    private final List<Stop> stops = new ArrayList<>();
    private String title;
    private String scenario;
    private SourceSpan scenarioLine;
    private StopBuilder stop;
    private int line;
    private int headerLine;

    private LessonParser(String file) {
        this.file = file;
    }

    /**
     * Parses {@code text}; {@code file} names it in diagnostics and its folder is where the
     * scenario path is resolved from.
     */
    public static Result parse(Path file, String text) {
        LessonParser p = new LessonParser(file.toString());
        p.read(text);
        if (p.problems.stream().anyMatch(Diagnostic::isError)) {
            return new Result(Optional.empty(), p.problems);
        }
        Path dir = file.toAbsolutePath().getParent();
        Path scenario = dir.resolve(p.scenario).normalize();
        return new Result(Optional.of(new Lesson(file.toString(), VERSION, p.title, scenario, p.scenarioLine, p.stops)), p.problems);
    }

    private void read(String text) {
        String[] lines = text.split("\r?\n", -1);
        boolean header = false;
        for (int i = 0; i < lines.length; i++) {
            line = i + 1;
            String raw = lines[i];
            String trimmed = raw.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int col = raw.indexOf(trimmed.charAt(0)) + 1;
            if (!header) {
                header = true;
                headerLine = line;
                Matcher m = HEADER.matcher(trimmed);
                if (!m.matches()) {
                    error(col, trimmed.length(), "a lesson starts with 'heapscope lesson " + VERSION + "'");
                    return;
                }
                if (!m.group(1).equals(String.valueOf(VERSION))) {
                    error(col + 17, m.group(1).length(), "lesson format version " + m.group(1)
                            + " is not known; this Heapscope reads version " + VERSION);
                    return;
                }
                continue;
            }
            item(trimmed, col);
        }
        if (!header) {
            error(1, 0, "empty lesson: it starts with 'heapscope lesson " + VERSION + "'");
            return;
        }
        endStop();
        line = headerLine;
        if (title == null) {
            error(1, 1, "the lesson has no 'title' line");
        }
        if (scenario == null) {
            error(1, 1, "the lesson has no 'scenario' line");
        }
        if (stops.isEmpty() && problems.stream().noneMatch(Diagnostic::isError)) {
            error(1, 1, "the lesson has no stops");
        }
    }

    private void item(String text, int col) {
        char mark = text.charAt(0);
        if (">?-+!".indexOf(mark) >= 0) {
            String rest = text.length() > 1 && text.charAt(1) == ' ' ? text.substring(2) : text.substring(1);
            if (stop == null) {
                error(col, 1, "'" + mark + "' lines belong to a stop: start one with 'stop TITLE'");
                return;
            }
            stop.line(mark, rest, span(col, text.length()), this);
            return;
        }
        int space = text.indexOf(' ');
        String word = space < 0 ? text : text.substring(0, space);
        String arg = space < 0 ? "" : text.substring(space + 1).strip();
        int argCol = space < 0 ? col + text.length() : col + text.indexOf(arg, space);
        switch (word) {
            case "title" -> title = once(title, "title", required(arg, argCol, "a title"), col);
            case "scenario" -> {
                scenario = once(scenario, "scenario", required(arg, argCol, "a scenario path"), col);
                scenarioLine = scenarioLine == null ? span(argCol, arg.length()) : scenarioLine;
            }
            case "stop" -> {
                endStop();
                stop = new StopBuilder(required(arg, argCol, "a title"), span(col, text.length()));
            }
            case "at", "show", "because", "answer" -> {
                if (stop == null) {
                    error(col, word.length(), "'" + word + "' belongs to a stop: start one with 'stop TITLE'");
                } else if (word.equals("at")) {
                    at(arg, argCol).ifPresentOrElse(a -> stop.at(a, this), stop::atBroken);
                } else if (word.equals("show")) {
                    show(arg, argCol).ifPresent(stop.highlights::add);
                } else if (word.equals("because")) {
                    stop.because(new Question.Condition(required(arg, argCol, "a comparison"),
                            span(argCol, arg.length())), this);
                } else {
                    answer(arg, argCol);
                }
            }
            default -> error(col, word.length(), "unknown lesson line '" + word
                    + "'; expected title, scenario, stop, at, show, because, answer, or a line starting with > ? - + !");
        }
    }

    private Optional<At> at(String arg, int col) {
        SourceSpan where = span(col, arg.length());
        int occurrence = 1;
        String body = arg;
        Matcher o = OCCURRENCE.matcher(arg);
        if (o.matches()) {
            body = o.group(1);
            occurrence = Integer.parseInt(o.group(2));
            if (occurrence < 1) {
                error(col + arg.lastIndexOf('#'), o.group(2).length() + 1, "occurrences count from #1");
                return Optional.empty();
            }
        }
        String[] w = body.split("\\s+");
        String kind = w[0];
        if ((kind.equals("start") || kind.equals("end")) && w.length == 1 && occurrence == 1) {
            return Optional.of(kind.equals("start") ? new At.Start(where) : new At.End(where));
        }
        if (w.length != 2) {
            error(col, arg.length(), "expected 'at start', 'at end', 'at step N', 'at mark NAME', 'at line N'"
                    + " or 'at event KIND' (optionally followed by #N), found 'at " + arg + "'");
            return Optional.empty();
        }
        int argCol = col + body.indexOf(w[1], kind.length());
        switch (kind) {
            case "step" -> {
                if (occurrence != 1 || !w[1].matches("\\d{1,18}")) {
                    error(argCol, w[1].length(), "a step is a whole number (steps count from 0), found '" + w[1] + "'");
                    return Optional.empty();
                }
                return Optional.of(new At.Step(Long.parseLong(w[1]), where));
            }
            case "mark" -> {
                if (!NAME.matcher(w[1]).matches()) {
                    error(argCol, w[1].length(), "'" + w[1] + "' is not a mark name");
                    return Optional.empty();
                }
                return Optional.of(new At.Mark(w[1], occurrence, where));
            }
            case "line" -> {
                if (!w[1].matches("[1-9]\\d{0,8}")) {
                    error(argCol, w[1].length(), "a line is a number from 1, found '" + w[1] + "'");
                    return Optional.empty();
                }
                return Optional.of(new At.Line(Integer.parseInt(w[1]), occurrence, where));
            }
            case "event" -> {
                Optional<BreakEvent> e = BreakEvent.byWord(w[1]);
                if (e.isEmpty()) {
                    error(argCol, w[1].length(), "unknown allocator event '" + w[1] + "'; one of "
                            + String.join(", ", java.util.Arrays.stream(BreakEvent.values()).map(BreakEvent::word).toList()));
                    return Optional.empty();
                }
                return Optional.of(new At.Event(e.get(), occurrence, where));
            }
            default -> {
                error(col, kind.length(), "unknown stop position '" + kind + "'; expected start, end, step, mark, line or event");
                return Optional.empty();
            }
        }
    }

    private Optional<Highlight> show(String arg, int col) {
        SourceSpan where = span(col, arg.length());
        String[] w = arg.split("\\s+");
        String kind = w[0];
        int second = w.length > 1 ? col + arg.indexOf(w[1], kind.length()) : col + arg.length();
        switch (kind) {
            case "thread" -> {
                if (w.length != 2 || !NAME.matcher(w[1]).matches()) {
                    error(second, w.length > 1 ? w[1].length() : 0, "expected 'show thread NAME'");
                    return Optional.empty();
                }
                return Optional.of(new Highlight.OfThread(w[1], where));
            }
            case "segment", "page", "block" -> {
                if (w.length != 2) {
                    error(second, 0, "expected 'show " + kind + " HANDLE' (a handle such as hotel[0])");
                    return Optional.empty();
                }
                return handle(w[1], second).map(h -> switch (kind) {
                    case "segment" -> new Highlight.Segment(h, where);
                    case "page" -> new Highlight.Page(h, where);
                    default -> new Highlight.Block(h, where);
                });
            }
            case "list" -> {
                if (w.length != 3) {
                    error(second, 0, "expected 'show list LIST HANDLE' (free, local_free, thread_free or delayed)");
                    return Optional.empty();
                }
                var list = LessonWords.list(w[1]);
                if (list.isEmpty()) {
                    error(second, w[1].length(), "unknown free list '" + w[1] + "'; one of free, local_free, thread_free, delayed");
                    return Optional.empty();
                }
                int third = col + arg.indexOf(w[2], arg.indexOf(w[1], kind.length()) + w[1].length());
                return handle(w[2], third).map(h -> new Highlight.FreeList(list.get(), h, where));
            }
            case "timeline" -> {
                String range = arg.substring(kind.length()).strip();
                int dots = range.indexOf("..");
                String from = dots < 0 ? "" : range.substring(0, dots).strip();
                String to = dots < 0 ? "" : range.substring(dots + 2).strip();
                if (!POINT.matcher(from).matches() || !POINT.matcher(to).matches()) {
                    error(second, range.length(), "expected 'show timeline FROM..TO' with marks, start, end or steps");
                    return Optional.empty();
                }
                return Optional.of(new Highlight.Timeline(from, to, where));
            }
            default -> {
                error(col, kind.length(), "unknown highlight '" + kind + "'; expected thread, segment, page, block, list or timeline");
                return Optional.empty();
            }
        }
    }

    private Optional<HandleKey> handle(String text, int col) {
        Matcher m = HANDLE.matcher(text);
        if (!m.matches()) {
            error(col, text.length(), "'" + text + "' is not a handle (a name, or a name[index])");
            return Optional.empty();
        }
        if (m.group(2) == null) {
            return Optional.of(HandleKey.single(m.group(1)));
        }
        long index = Long.parseLong(m.group(2));
        if (index > Integer.MAX_VALUE - 1) {
            error(col + m.group(1).length() + 1, m.group(2).length(), "index " + index + " is out of range");
            return Optional.empty();
        }
        return Optional.of(new HandleKey(m.group(1), (int) index));
    }

    private void answer(String arg, int col) {
        Matcher m = ANSWER.matcher(arg);
        if (!m.matches() || m.group(1).isBlank()) {
            error(col, arg.length(), "expected 'answer EXPRESSION = NUMBER' (optionally 'within P%')");
            return;
        }
        String expr = m.group(1).strip();
        double stated = Double.parseDouble(m.group(2).replace("_", ""));
        double within = m.group(3) == null ? 0 : Double.parseDouble(m.group(3));
        stop.answer(new Question.Expression(expr, span(col, expr.length())), stated, within, span(col, arg.length()), this);
    }

    private void endStop() {
        if (stop != null) {
            stop.build(this).ifPresent(stops::add);
            stop = null;
        }
    }

    private String once(String old, String what, String value, int col) {
        if (old != null) {
            error(col, what.length(), "a lesson has one '" + what + "' line");
            return old;
        }
        if (stop != null) {
            error(col, what.length(), "'" + what + "' goes before the first stop");
        }
        return value;
    }

    private String required(String arg, int col, String what) {
        if (arg.isEmpty()) {
            error(col, 0, "expected " + what);
        }
        return arg;
    }

    SourceSpan span(int col, int length) {
        return new SourceSpan(file, line, col, line, col + Math.max(0, length));
    }

    void error(int col, int length, String message) {
        problems.add(Diagnostic.error(span(col, length), message));
    }

    void error(SourceSpan at, String message) {
        problems.add(Diagnostic.error(at, message));
    }
}
