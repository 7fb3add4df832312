package io.heapscope.ui.pageinspector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import java.util.Optional;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Point2D;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;

import io.heapscope.ui.pixels.PixelSurface;
import io.heapscope.ui.theme.Legend;
import io.heapscope.ui.theme.Palette;

/**
 * The selected page's blocks as a grid coloured by state, the order of its free lists drawn as
 * chains, and the page's figures; every figure and block explains itself on hover.
 */
public final class PageInspectorView extends BorderPane {

    private final PageInspectorModel model = new PageInspectorModel();
    private final BlockRenderer renderer = new BlockRenderer();
    private final PixelSurface surface = new PixelSurface(this::paint);
    private final ChainOverlay chains = new ChainOverlay();
    private final GridPane figures = new GridPane();
    private final Label title = new Label();
    private final Label status = new Label();
    private final Tooltip tooltip = new Tooltip();
    private final List<Label> figureValues = new ArrayList<>();
    private long pointedPage;
    private int pointedBlock = -1;
    private final ReadOnlyObjectWrapper<BlockSelection> selection = new ReadOnlyObjectWrapper<>(this, "selectedBlock");

    public PageInspectorView() {
        getStyleClass().add("hs-page-inspector");
        getStylesheets().add(PageInspectorView.class.getResource("page-inspector.css").toExternalForm());
        setTop(toolbar());
        StackPane area = new StackPane(surface, chains);
        area.setMinSize(0, 0);
        chains.widthProperty().bind(area.widthProperty());
        chains.heightProperty().bind(area.heightProperty());
        setCenter(area);
        figures.getStyleClass().add("hs-figures");
        ScrollPane side = new ScrollPane(figures);
        side.setFitToWidth(true);
        side.getStyleClass().add("hs-figures-pane");
        setRight(side);
        Legend legend = new Legend();
        legend.show(Arrays.stream(BlockState.values())
                .map(s -> new Legend.Entry(s.label(), s.argb(), s.explanation())).toList());
        status.getStyleClass().add("hs-status");
        setBottom(new BorderPane(null, legend, null, status, null));
        tooltip.setShowDelay(Duration.millis(250));
        tooltip.setShowDuration(Duration.seconds(30));
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(420);
        wire(area);
        refresh();
    }

    /** The block the user clicked (with its list position), or null; Details shows it. */
    public ReadOnlyObjectProperty<BlockSelection> selectedBlockProperty() {
        return selection.getReadOnlyProperty();
    }

    /** What the inspector says of a block (its state, list link, and why), as the tooltip does. */
    public String describe(int block) {
        return model.describe(block);
    }

    /** Where block {@code block}'s centre is on the screen now, if the page shows it. */
    public Optional<Point2D> screenPointOfBlock(int block) {
        BlockGrid grid = model.gridProperty().get();
        PageBlocks p = model.pageProperty().get();
        if (p == null || block < 0 || block >= p.blockCount()) {
            return Optional.empty();
        }
        return Optional.ofNullable(surface.localToScreen(grid.centreX(block), grid.centreY(block)));
    }

    /** The page to show, or null. */
    public ObjectProperty<PageBlocks> pageProperty() {
        return model.pageProperty();
    }

    /**
     * Points at block {@code index} of the page at {@code pageAddress} as the mouse would (its
     * list's chain drawn, its description in the status line), also when that page is shown
     * again with fresher lists; a negative index forgets it. The mouse still moves the pointer.
     */
    public void pointAt(long pageAddress, int index) {
        pointedPage = pageAddress;
        pointedBlock = index;
        model.showChainsProperty().set(model.showChainsProperty().get() || index >= 0);
        repoint();
    }

    private void repoint() {
        PageBlocks p = model.pageProperty().get();
        if (pointedBlock >= 0 && p != null && p.address() == pointedPage && pointedBlock < p.blockCount()) {
            model.hoverProperty().set(pointedBlock);
        }
    }

    PixelSurface surface() {
        return surface;
    }

    PageInspectorModel model() {
        return model;
    }

    private HBox toolbar() {
        CheckBox showChains = new CheckBox("Free-list chains");
        showChains.selectedProperty().bindBidirectional(model.showChainsProperty());
        showChains.setTooltip(new Tooltip("Draw the order of the free, local_free and thread_free lists, "
                + "from each list's head (the dot) through its links"));
        title.getStyleClass().add("hs-page-title");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(title, grow, showChains);
        bar.getStyleClass().add("hs-view-toolbar");
        return bar;
    }

    private void wire(StackPane area) {
        area.widthProperty().addListener((o, a, b) -> model.resize(area.getWidth(), area.getHeight()));
        area.heightProperty().addListener((o, a, b) -> model.resize(area.getWidth(), area.getHeight()));
        model.pageProperty().addListener((o, a, b) -> {
            refresh();
            repoint();
        });
        model.gridProperty().addListener((o, a, b) -> {
            surface.repaint();
            drawChains();
        });
        model.showChainsProperty().addListener((o, a, b) -> drawChains());
        model.hoverProperty().addListener((o, a, now) -> {
            surface.repaint();
            if (!model.allChainsShown()) {
                drawChains();
            }
            String text = model.describe(now.intValue());
            status.setText(text.lines().findFirst().orElse(""));
            tooltip.setText(text);
            if (text.isEmpty()) {
                Tooltip.uninstall(surface, tooltip);
            } else {
                Tooltip.install(surface, tooltip);
            }
        });
        surface.addEventHandler(MouseEvent.MOUSE_MOVED, e -> model.hoverProperty().set(model.blockAt(e.getX(), e.getY())));
        surface.addEventHandler(MouseEvent.MOUSE_EXITED, e -> model.hoverProperty().set(-1));
        surface.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> model.selectedProperty().set(model.blockAt(e.getX(), e.getY())));
        model.selectedProperty().addListener((o, a, b) -> {
            surface.repaint();
            selection.set(model.selection());
        });
        model.pageProperty().addListener((o, a, b) -> selection.set(model.selection()));
    }

    private void refresh() {
        title.setText(model.title());
        showFigures(model.figures());
        surface.repaint();
        drawChains();
    }

    private void drawChains() {
        List<PageInspectorModel.Chain> list = model.chains();
        chains.draw(list, model.gridProperty().get());
        surface.repaint();
        if (model.hoverProperty().get() < 0) {
            boolean cut = list.stream().anyMatch(PageInspectorModel.Chain::truncated);
            status.setText(!model.allChainsShown() ? "Many links: point at a block to see the chain of its list."
                    : cut ? "Chains show their first " + PageInspectorModel.MAX_CHAIN_LINKS + " links." : "");
        }
    }

    private void showFigures(List<PageInspectorModel.Figure> list) {
        if (figureValues.size() == list.size()) {
            for (int i = 0; i < list.size(); i++) {
                figureValues.get(i).setText(list.get(i).value());
            }
            return;
        }
        figures.getChildren().clear();
        figureValues.clear();
        int row = 0;
        for (PageInspectorModel.Figure f : list) {
            Label name = new Label(f.name());
            name.getStyleClass().add("hs-figure-name");
            Label value = new Label(f.value());
            value.getStyleClass().add("hs-figure-value");
            Tooltip tip = new Tooltip(f.explanation());
            tip.setWrapText(true);
            tip.setMaxWidth(360);
            tip.setShowDelay(Duration.millis(250));
            name.setTooltip(tip);
            value.setTooltip(tip);
            figures.addRow(row++, name, value);
            figureValues.add(value);
        }
    }

    private void paint(int[] px, int w, int h) {
        BlockGrid grid = model.gridProperty().get();
        renderer.paint(px, w, h, model.pageProperty().get(), grid, model.hoverProperty().get(),
                model.selectedProperty().get());
        for (PageInspectorModel.Chain c : model.chains()) {
            renderer.chain(px, w, h, grid, c.blocks(), Palette.shade(c.state().argb(), 0.55));
        }
    }
}
