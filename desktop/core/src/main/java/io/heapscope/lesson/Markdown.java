package io.heapscope.lesson;

import java.util.ArrayList;
import java.util.List;

/**
 * The Markdown a lesson's narration, questions and explanations use: paragraphs (separated by a
 * blank line), list items ({@code - } at the start of a line), and inline {@code **bold**},
 * {@code *emphasis*} and {@code `code`}. Parsed once, drawn by the window and written as HTML by
 * the export; anything else is plain text.
 */
public final class Markdown {

    /** How a run of text is set. */
    public enum Style { PLAIN, BOLD, EMPHASIS, CODE }

    public record Span(Style style, String text) {
    }

    /** A paragraph, or one list item. */
    public record Block(boolean item, List<Span> spans) {
        public Block {
            spans = List.copyOf(spans);
        }
    }

    private Markdown() {
    }

    public static List<Block> parse(String text) {
        List<Block> out = new ArrayList<>();
        StringBuilder para = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("- ")) {
                flush(para, false, out);
            }
            if (t.startsWith("- ")) {
                out.add(new Block(true, inline(t.substring(2).strip())));
            } else if (!t.isEmpty()) {
                if (!para.isEmpty()) {
                    para.append(' ');
                }
                para.append(t);
            }
        }
        flush(para, false, out);
        return out;
    }

    /** The spans of one line of inline Markdown. */
    public static List<Span> inline(String text) {
        List<Span> out = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            String mark = c == '`' ? "`" : text.startsWith("**", i) ? "**" : c == '*' ? "*" : null;
            int end = mark == null ? -1 : text.indexOf(mark, i + mark.length());
            if (mark != null && end > i + mark.length()) {
                if (!plain.isEmpty()) {
                    out.add(new Span(Style.PLAIN, plain.toString()));
                    plain.setLength(0);
                }
                Style style = mark.equals("`") ? Style.CODE : mark.equals("**") ? Style.BOLD : Style.EMPHASIS;
                out.add(new Span(style, text.substring(i + mark.length(), end)));
                i = end + mark.length();
            } else {
                plain.append(c);
                i++;
            }
        }
        if (!plain.isEmpty()) {
            out.add(new Span(Style.PLAIN, plain.toString()));
        }
        return out;
    }

    /** The text without its marks (for tooltips and plain listings). */
    public static String plain(String text) {
        StringBuilder b = new StringBuilder();
        for (Block block : parse(text)) {
            if (!b.isEmpty()) {
                b.append("\n");
            }
            block.spans().forEach(s -> b.append(s.text()));
        }
        return b.toString();
    }

    /** HTML for {@code text}: paragraphs, lists, strong, em and code, every character escaped. */
    public static String html(String text) {
        StringBuilder b = new StringBuilder();
        boolean inList = false;
        for (Block block : parse(text)) {
            if (block.item() != inList) {
                b.append(block.item() ? "<ul>\n" : "</ul>\n");
                inList = block.item();
            }
            b.append(block.item() ? "<li>" : "<p>");
            for (Span s : block.spans()) {
                String t = escape(s.text());
                b.append(switch (s.style()) {
                    case PLAIN -> t;
                    case BOLD -> "<strong>" + t + "</strong>";
                    case EMPHASIS -> "<em>" + t + "</em>";
                    case CODE -> "<code>" + t + "</code>";
                });
            }
            b.append(block.item() ? "</li>\n" : "</p>\n");
        }
        if (inList) {
            b.append("</ul>\n");
        }
        return b.toString();
    }

    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static void flush(StringBuilder para, boolean item, List<Block> out) {
        if (!para.isEmpty()) {
            out.add(new Block(item, inline(para.toString())));
            para.setLength(0);
        }
    }
}
