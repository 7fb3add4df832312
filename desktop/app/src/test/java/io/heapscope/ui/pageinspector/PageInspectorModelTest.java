package io.heapscope.ui.pageinspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.heapscope.ui.theme.Palette;

class PageInspectorModelTest {

    private final PageInspectorModel model = new PageInspectorModel();

    @Test
    void gridFitsEveryBlockWithTheLargestCell() {
        BlockGrid g = BlockGrid.fit(8192, 808, 608);
        assertTrue(g.cell() >= 6, "cell " + g.cell());
        int rows = (8192 + g.columns() - 1) / g.columns();
        assertTrue(rows * g.cell() <= 600);
        assertTrue(g.columns() * g.cell() <= 800);
        assertEquals(BlockGrid.MAX_CELL, BlockGrid.fit(4, 1000, 1000).cell(), "few blocks stay readable, not huge");
    }

    @Test
    void blockAtMapsPointsToBlocks() {
        BlockGrid g = new BlockGrid(10, 8, 4, 4, 25);
        assertEquals(0, g.blockAt(5, 5));
        assertEquals(13, g.blockAt(4 + 3 * 8 + 1, 4 + 8 + 1));
        assertEquals(-1, g.blockAt(4 + 6 * 8, 4 + 2 * 8 + 1), "past the last block");
        assertEquals(-1, g.blockAt(1, 1));
    }

    @Test
    void describeSaysWhereTheBlockIsInItsList() {
        model.pageProperty().set(SyntheticPages.tiny());
        String text = model.describe(1);
        assertTrue(text.contains("On thread_free: link 2 of 2"), text);
        assertTrue(model.describe(2).contains("link 1 of 2 (the head)"));
        assertTrue(model.describe(0).contains("In use"));
        assertTrue(model.describe(4).contains("owner heap"), model.describe(4));
        assertEquals("", model.describe(99));
    }

    @Test
    void figuresCountTheListsAndThePendingRemoteBytes() {
        model.pageProperty().set(SyntheticPages.tiny());
        List<PageInspectorModel.Figure> f = model.figures();
        assertEquals("2", value(f, "thread_free"));
        assertEquals("3", value(f, "free"));
        assertEquals("192 B", value(f, "pending remote"), "(2 thread_free + 1 delayed) × 64 B");
        assertTrue(f.stream().allMatch(x -> !x.explanation().isBlank()), "every figure explains itself");
    }

    @Test
    void chainsFollowListOrderAndAreCappedAndHideable() {
        model.pageProperty().set(SyntheticPages.tiny());
        List<PageInspectorModel.Chain> c = model.chains();
        assertEquals(2, c.size(), "local_free has one block, so no chain");
        assertEquals(BlockState.FREE, c.get(0).state());
        assertEquals(5, c.get(0).blocks()[0]);
        model.pageProperty().set(SyntheticPages.mixed(8192, 8192, 8, 3));
        assertTrue(model.chains().isEmpty(), "too many links: none until the pointer is over a list's block");
        PageBlocks p = model.pageProperty().get();
        model.hoverProperty().set(p.threadFreeList()[0]);
        assertEquals(1, model.chains().size());
        assertEquals(BlockState.THREAD_FREE, model.chains().get(0).state());
        assertEquals(p.threadFreeList().length > PageInspectorModel.MAX_CHAIN_LINKS + 1, model.chains().get(0).truncated());
        model.showChainsProperty().set(false);
        assertTrue(model.chains().isEmpty());
    }

    @Test
    void rendererColoursCellsByState() {
        PageBlocks p = SyntheticPages.tiny();
        BlockGrid g = new BlockGrid(4, 10, 0, 0, 8);
        int[] px = new int[40 * 20];
        new BlockRenderer().paint(px, 40, 20, p, g, -1, -1);
        assertEquals(Palette.BLOCK_IN_USE, px[5 * 40 + 5]);
        assertEquals(Palette.BLOCK_THREAD_FREE, px[5 * 40 + 15]);
        assertEquals(Palette.BLOCK_DELAYED, px[15 * 40 + 5]);
        assertEquals(Palette.BACKGROUND, px[5 * 40 + 9], "one-pixel gap between cells");
    }

    private static String value(List<PageInspectorModel.Figure> f, String name) {
        return f.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow().value();
    }
}
