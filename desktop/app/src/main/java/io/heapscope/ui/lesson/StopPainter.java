package io.heapscope.ui.lesson;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;

import io.heapscope.lesson.Target;
import io.heapscope.model.Page;
import io.heapscope.model.Segment;
import io.heapscope.model.Snapshot;
import io.heapscope.model.Span;
import io.heapscope.model.ThreadInfo;
import io.heapscope.ui.addressspace.SliceKind;
import io.heapscope.ui.pageinspector.BlockState;
import io.heapscope.ui.theme.Bytes;
import io.heapscope.ui.theme.Palette;

/**
 * A picture of the heap at a lesson stop, drawn with Java2D (no JavaFX, so it also runs headless
 * from the command line): the segments slice by slice in the address space's colours, the
 * highlighted page block by block in the page inspector's, the threads with what waits on their
 * pages; the stop's highlights outlined in the selection colour.
 */
public final class StopPainter {

    private static final int WIDTH = 960;
    private static final int MARGIN = 24;
    private static final int CELL = 14;
    private static final int COLUMNS = 64;
    private static final int MAX_SEGMENTS = 4;

    private StopPainter() {
    }

    public static BufferedImage paint(Snapshot snapshot, List<String> threads, List<Target> targets, String caption) {
        List<Segment> segments = snapshot.segments().stream().limit(MAX_SEGMENTS).toList();
        Optional<Page> page = targets.stream().map(t -> t.pageIn(snapshot)).flatMap(Optional::stream).findFirst();
        int blocks = page.map(p -> p.blocks().captured() ? p.blocks().blockCount() : 0).orElse(0);
        int blockCell = blocks == 0 ? 0 : Math.max(4, Math.min(16, (int) Math.sqrt((WIDTH - 2.0 * MARGIN) * 180 / blocks)));
        int blockColumns = blockCell == 0 ? 1 : (WIDTH - 2 * MARGIN) / blockCell;
        int blockRows = blocks == 0 ? 0 : (blocks + blockColumns - 1) / blockColumns;
        int height = MARGIN + 28 + segments.stream().mapToInt(s -> 22 + rows(s) * CELL + 12).sum()
                + (page.isPresent() ? 30 + blockRows * blockCell + 12 : 0) + 44 + 22 * (threads.size() + 1) + MARGIN;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            int y = MARGIN;
            text(g, caption, MARGIN, y + 14, Font.BOLD, 15);
            y += 28;
            for (Segment s : segments) {
                y = segment(g, snapshot, s, targets, threads, y);
            }
            if (page.isPresent()) {
                y = page(g, page.get(), targets, threads, blockCell, blockColumns, y);
            }
            y = legend(g, y);
            threads(g, snapshot, threads, targets, y);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static int rows(Segment s) {
        return (s.sliceCount() + COLUMNS - 1) / COLUMNS;
    }

    private static int segment(Graphics2D g, Snapshot snap, Segment s, List<Target> targets, List<String> threads, int y) {
        text(g, "segment #" + s.serial() + ", " + Bytes.format(s.size()) + ", " + (s.abandoned() ? "abandoned"
                : "owned by " + name(threads, s.thread())), MARGIN, y + 14, Font.PLAIN, 13);
        y += 22;
        Set<Integer> marked = new HashSet<>();
        for (Target t : targets) {
            t.locus().filter(l -> l.segmentSerial() == s.serial()).ifPresent(l -> {
                if (t instanceof Target.OfSegment) {
                    marked.add(-1);
                } else {
                    s.spans().stream().filter(sp -> sp.sliceIndex() == l.slice()).findFirst()
                            .ifPresent(sp -> { for (int i = 0; i < sp.sliceCount(); i++) marked.add(sp.sliceIndex() + i); });
                }
            });
        }
        for (Span span : s.spans()) {
            int argb = switch (span.state()) {
                case META -> Palette.SLICE_META;
                case FREE -> Palette.SLICE_FREE;
                case PAGE -> snap.pagesOf(s).stream().filter(p -> p.sliceIndex() == span.sliceIndex()).findFirst()
                        .map(p -> kind(p).argb()).orElse(Palette.SLICE_SMALL);
            };
            for (int i = span.sliceIndex(); i < span.sliceIndex() + span.sliceCount() && i < s.sliceCount(); i++) {
                int x = MARGIN + (i % COLUMNS) * CELL;
                int yy = y + (i / COLUMNS) * CELL;
                g.setColor(new Color(argb));
                g.fillRect(x, yy, CELL - 1, CELL - 1);
            }
        }
        g.setColor(new Color(Palette.SELECTION));
        g.setStroke(new BasicStroke(2));
        if (marked.contains(-1)) {
            g.drawRect(MARGIN - 2, y - 2, COLUMNS * CELL + 2, rows(s) * CELL + 2);
        }
        for (int i : marked) {
            if (i >= 0) {
                g.drawRect(MARGIN + (i % COLUMNS) * CELL - 1, y + (i / COLUMNS) * CELL - 1, CELL, CELL);
            }
        }
        return y + rows(s) * CELL + 12;
    }

    private static int page(Graphics2D g, Page p, List<Target> targets, List<String> threads, int cell, int columns, int y) {
        text(g, "page: " + p.kind().name().toLowerCase() + ", blocks of " + Bytes.format(p.blockSize()) + ", owned by "
                + (p.abandoned() ? "no thread (abandoned)" : name(threads, p.thread())) + "; " + p.freeCount() + " free, "
                + p.localFreeCount() + " local_free, " + p.threadFreeCount() + " thread_free, " + p.delayedCount()
                + " delayed", MARGIN, y + 16, Font.PLAIN, 13);
        y += 30;
        if (cell == 0) {
            return y;
        }
        int pointed = -1;
        io.heapscope.model.BlockState list = null;
        for (Target t : targets) {
            if (t instanceof Target.OfBlock b && b.pageStart() != 0) {
                pointed = b.index();
            } else if (t instanceof Target.OfList l) {
                list = l.list();
            }
        }
        int count = p.blocks().blockCount();
        for (int i = 0; i < count; i++) {
            io.heapscope.model.BlockState state = p.blocks().state(i);
            int x = MARGIN + (i % columns) * cell;
            int yy = y + (i / columns) * cell;
            g.setColor(new Color(BlockState.valueOf(state.name()).argb()));
            g.fillRect(x, yy, cell - 1, cell - 1);
            if (state == list || i == pointed) {
                g.setColor(new Color(i == pointed ? Palette.HOVER : Palette.SELECTION));
                g.setStroke(new BasicStroke(i == pointed ? 3 : 1.5f));
                g.drawRect(x, yy, cell - 2, cell - 2);
            }
        }
        return y + ((count + columns - 1) / columns) * cell + 12;
    }

    private static int legend(Graphics2D g, int y) {
        List<String> labels = new ArrayList<>();
        List<Integer> colours = new ArrayList<>();
        for (SliceKind k : List.of(SliceKind.META, SliceKind.SMALL, SliceKind.MEDIUM, SliceKind.LARGE, SliceKind.FREE)) {
            labels.add(k.label());
            colours.add(k.argb());
        }
        for (BlockState s : BlockState.values()) {
            labels.add(s.label());
            colours.add(s.argb());
        }
        int x = MARGIN;
        int line = y + 4;
        for (int i = 0; i < labels.size(); i++) {
            int w = 18 + g.getFontMetrics(new Font(Font.SANS_SERIF, Font.PLAIN, 11)).stringWidth(labels.get(i)) + 14;
            if (x + w > WIDTH - MARGIN) {
                x = MARGIN;
                line += 18;
            }
            g.setColor(new Color(colours.get(i)));
            g.fillRect(x, line, 11, 11);
            text(g, labels.get(i), x + 16, line + 10, Font.PLAIN, 11);
            x += w;
        }
        return line + 30;
    }

    private static void threads(Graphics2D g, Snapshot snap, List<String> threads, List<Target> targets, int y) {
        text(g, "thread        state       pages   pending", MARGIN + 16, y + 12, Font.BOLD, 12);
        y += 22;
        for (int i = 0; i < threads.size(); i++) {
            int index = i;
            boolean marked = targets.stream().anyMatch(t -> t instanceof Target.OfThread th && th.index() == index);
            Optional<ThreadInfo> info = snap.thread(i);
            long pending = snap.pagesOfThread(i).stream().mapToLong(Page::pendingBytes).sum();
            String row = String.format("%-13s %-11s %5d   %s", threads.get(i),
                    info.map(t -> t.state().name().toLowerCase()).orElse("not started"), snap.pagesOfThread(i).size(),
                    Bytes.format(pending));
            g.setColor(new Color(Palette.thread(i)));
            g.fillRect(MARGIN, y + 2, 10, 10);
            text(g, row, MARGIN + 16, y + 12, marked ? Font.BOLD : Font.PLAIN, 12);
            if (marked) {
                g.setColor(new Color(Palette.SELECTION));
                g.setStroke(new BasicStroke(2));
                g.drawRect(MARGIN - 4, y - 2, WIDTH - 2 * MARGIN, 20);
            }
            y += 22;
        }
    }

    private static SliceKind kind(Page p) {
        return switch (p.kind()) {
            case SMALL -> SliceKind.SMALL;
            case MEDIUM -> SliceKind.MEDIUM;
            case LARGE -> SliceKind.LARGE;
            case HUGE -> SliceKind.HUGE;
        };
    }

    private static String name(List<String> threads, int index) {
        return index >= 0 && index < threads.size() ? threads.get(index) : "no thread";
    }

    private static void text(Graphics2D g, String s, int x, int y, int style, int size) {
        g.setColor(new Color(0x111827));
        g.setFont(new Font(style == Font.BOLD && size == 12 ? Font.MONOSPACED : size == 12 ? Font.MONOSPACED : Font.SANS_SERIF,
                style, size));
        g.drawString(s, x, y);
    }
}
