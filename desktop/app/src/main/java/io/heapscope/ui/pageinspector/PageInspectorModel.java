package io.heapscope.ui.pageinspector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

import io.heapscope.ui.theme.Bytes;

/**
 * State of the page inspector: the page shown, the grid that fits it, the block under the
 * pointer, whether free-list chains are drawn, and the page's figures with their explanations.
 */
final class PageInspectorModel {

    /** One figure of the page: name, value, and what it counts. */
    record Figure(String name, String value, String explanation) {
    }

    /** A free list to draw as a chain: its state (for the colour) and its block order. */
    record Chain(BlockState state, int[] blocks, boolean truncated) {
    }

    /** Chains longer than this are drawn up to here; the figures still give the full length. */
    static final int MAX_CHAIN_LINKS = 2048;
    /** Above this many links in all, only the list of the block under the pointer is drawn. */
    static final int ALL_CHAINS_LIMIT = 600;

    private final ObjectProperty<PageBlocks> page = new SimpleObjectProperty<>(this, "page");
    private final ObjectProperty<BlockGrid> grid = new SimpleObjectProperty<>(this, "grid", BlockGrid.fit(0, 0, 0));
    private final IntegerProperty hover = new SimpleIntegerProperty(this, "hover", -1);
    private final IntegerProperty selected = new SimpleIntegerProperty(this, "selected", -1);
    private final BooleanProperty showChains = new SimpleBooleanProperty(this, "showChains", true);
    private static final BlockState[] LISTS = {BlockState.FREE, BlockState.LOCAL_FREE, BlockState.THREAD_FREE};

    private int[] positionInList = new int[0];
    private double width;
    private double height;

    PageInspectorModel() {
        page.addListener((o, a, now) -> {
            positionInList = positions(now);
            hover.set(-1);
            boolean samePage = a != null && now != null && a.blockSize() == now.blockSize()
                    && a.blockCount() == now.blockCount() && a.kind().equals(now.kind());
            if (!samePage || selected.get() >= now.blockCount()) {
                selected.set(-1);   /* the same page a step later (or replayed) keeps its selected block */
            }
            refit();
        });
    }

    ObjectProperty<PageBlocks> pageProperty() {
        return page;
    }

    ObjectProperty<BlockGrid> gridProperty() {
        return grid;
    }

    IntegerProperty hoverProperty() {
        return hover;
    }

    /** The block clicked, or -1. */
    IntegerProperty selectedProperty() {
        return selected;
    }

    /** The selected block and its place in its list, or null. */
    BlockSelection selection() {
        PageBlocks p = page.get();
        int b = selected.get();
        if (p == null || b < 0 || b >= p.blockCount()) {
            return null;
        }
        BlockState s = p.state(b);
        int pos = positionInList[b];
        return new BlockSelection(p, b, s, pos, pos >= 0 ? p.list(s).length : 0);
    }

    BooleanProperty showChainsProperty() {
        return showChains;
    }

    /** The area the grid must fit in has changed. */
    void resize(double w, double h) {
        width = w;
        height = h;
        refit();
    }

    int blockAt(double x, double y) {
        return page.get() == null ? -1 : grid.get().blockAt(x, y);
    }

    /** What the block is and why, for the tooltip. */
    String describe(int block) {
        PageBlocks p = page.get();
        if (p == null || block < 0 || block >= p.blockCount()) {
            return "";
        }
        BlockState s = p.state(block);
        StringBuilder b = new StringBuilder(String.format("Block %d at 0x%x (%s)%n", block,
                p.address() + block * p.blockSize(), Bytes.format(p.blockSize())));
        b.append(capitalise(s.label()));
        int pos = positionInList[block];
        if (pos >= 0) {
            int len = p.list(s).length;
            b.append(String.format(": link %d of %d%s", pos + 1, len, pos == 0 ? " (the head)" : ""));
        }
        return b.append('\n').append(s.explanation()).toString();
    }

    /** The page's figures, each with what it counts. */
    List<Figure> figures() {
        PageBlocks p = page.get();
        List<Figure> f = new ArrayList<>();
        if (p == null) {
            return f;
        }
        PageBlocks.ListCounts c = p.counts();
        f.add(new Figure("address", String.format("0x%x", p.address()), "Where the page's first block starts."));
        f.add(new Figure("kind", p.kind(), "Small pages are one 64 KiB slice, medium pages 8 slices; large and huge pages hold one block."));
        f.add(new Figure("block size", Bytes.format(p.blockSize()), "Every block of the page has this size (its size class)."));
        f.add(new Figure("reserved", Integer.toString(p.reserved()), "Blocks that fit in the page."));
        f.add(new Figure("capacity", Integer.toString(p.capacity()), "Blocks initialised so far; the free list is extended lazily up to reserved."));
        f.add(new Figure("used", Integer.toString(p.used()), "Blocks handed out, counting those freed by other threads that wait on thread_free (used drops when the owner collects them)."));
        f.add(new Figure("free", Integer.toString(c.free()), "Blocks on the free list, ready for the next malloc on the owner thread."));
        f.add(new Figure("local_free", Integer.toString(c.localFree()), "Blocks freed by the owner, reusable after the next collect."));
        f.add(new Figure("thread_free", Integer.toString(c.threadFree()), "Blocks freed by other threads, stranded until the owner collects this page."));
        f.add(new Figure("delayed", Integer.toString(c.delayed()), "Blocks sent to the owner heap's delayed-free list as a notification."));
        f.add(new Figure("pending remote", Bytes.format((long) c.pendingRemote() * p.blockSize()),
                "Bytes freed by other threads that the owner has not collected yet (thread_free + delayed)."));
        f.add(new Figure("owner", p.owner(), "The thread whose heap the page belongs to; only it allocates from the page."));
        f.add(new Figure("delayed free", p.delayedState(), "USE_DELAYED_FREE: the next remote free notifies the owner heap; NO_DELAYED_FREE: remote frees go straight on thread_free; NEVER_DELAYED_FREE: the heap is gone (abandoned)."));
        f.add(new Figure("queue", p.queue(), "The heap's page queue holding this page: its size bin, or the full queue (not searched by malloc)."));
        return f;
    }

    /**
     * The chains to draw (none when hidden), each capped at MAX_CHAIN_LINKS. When the page has
     * more than ALL_CHAINS_LIMIT links in all, only the list holding the hovered block is drawn,
     * because thousands of crossing links hide the grid.
     */
    List<Chain> chains() {
        PageBlocks p = page.get();
        List<Chain> out = new ArrayList<>();
        if (p == null || !showChains.get()) {
            return out;
        }
        boolean all = allChainsShown();
        int h = hover.get();
        BlockState hovered = h >= 0 && h < p.blockCount() ? p.state(h) : null;
        for (BlockState s : LISTS) {
            int[] list = p.list(s);
            if (list.length > 1 && (all || s == hovered)) {
                boolean cut = list.length > MAX_CHAIN_LINKS + 1;
                out.add(new Chain(s, cut ? Arrays.copyOf(list, MAX_CHAIN_LINKS + 1) : list, cut));
            }
        }
        return out;
    }

    /** True when every list's chain is drawn; false when only the hovered block's list is. */
    boolean allChainsShown() {
        PageBlocks p = page.get();
        return p == null || p.freeList().length + p.localFreeList().length + p.threadFreeList().length <= ALL_CHAINS_LIMIT;
    }

    String title() {
        PageBlocks p = page.get();
        if (p == null) {
            return "No page selected: click a page in the address space.";
        }
        return String.format("%s page 0x%x — %d blocks of %s, %d used, owner %s%s", capitalise(p.kind()), p.address(),
                p.reserved(), Bytes.format(p.blockSize()), p.used(), p.owner(),
                p.hasBlockStates() ? "" : " (block states not captured in this snapshot)");
    }

    private void refit() {
        PageBlocks p = page.get();
        grid.set(BlockGrid.fit(p == null ? 0 : p.blockCount(), width, height));
    }

    private static int[] positions(PageBlocks p) {
        if (p == null) {
            return new int[0];
        }
        int[] pos = new int[p.blockCount()];
        Arrays.fill(pos, -1);
        for (int[] list : new int[][] {p.freeList(), p.localFreeList(), p.threadFreeList()}) {
            for (int i = 0; i < list.length; i++) {
                if (list[i] >= 0 && list[i] < pos.length) {
                    pos[list[i]] = i;
                }
            }
        }
        return pos;
    }

    private static String capitalise(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
