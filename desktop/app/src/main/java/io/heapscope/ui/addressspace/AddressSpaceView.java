package io.heapscope.ui.addressspace;

import java.util.List;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;

import io.heapscope.ui.pixels.PixelSurface;
import io.heapscope.ui.theme.Legend;
import io.heapscope.ui.theme.Palette;

/**
 * The address space: every segment as its slices, coloured by what they hold or by owner, with
 * zoom (wheel, +/-), pan (drag), fit (0), a minimap, a legend, and a tooltip that explains the
 * slice under the pointer. Drawn into a viewport-sized pixel buffer.
 */
public final class AddressSpaceView extends BorderPane {

    private final AddressSpaceModel model = new AddressSpaceModel();
    private final SliceRenderer renderer = new SliceRenderer();
    private final SliceRenderer minimapRenderer = new SliceRenderer();
    private final PixelSurface surface = new PixelSurface(this::paint);
    private final PixelSurface minimap = new PixelSurface(this::paintMinimap);
    private final Legend legend = new Legend();
    private final Label status = new Label();
    private final Label summary = new Label();
    private final Tooltip tooltip = new Tooltip();
    private boolean userMoved;
    private double dragX;
    private double dragY;
    private boolean dragged;
    private java.util.function.Consumer<SliceRef> onPageClicked = r -> { };

    public AddressSpaceView() {
        getStyleClass().add("hs-address-space");
        getStylesheets().add(AddressSpaceView.class.getResource("address-space.css").toExternalForm());
        setTop(toolbar());
        setCenter(canvasArea());
        status.getStyleClass().add("hs-status");
        setBottom(new BorderPane(null, legend, null, status, null));
        wire();
        refreshLegend();
        summary.setText(model.summary());
    }

    /** Shows a new step's address space; keeps zoom, pan and the selection where possible. */
    public void setData(AddressSpaceData data) {
        model.dataProperty().set(data);
    }

    /** The slice the person clicked, or null. */
    /** Colours the map "By kind", "By owner" or "By use" (as the mode chooser names them). */
    public void colourBy(String mode) {
        for (AddressSpaceModel.ColourMode m : AddressSpaceModel.ColourMode.values()) {
            if (m.toString().equalsIgnoreCase(mode)) {
                model.colourModeProperty().set(m);
            }
        }
    }

    /** Selects nothing. */
    public void clearSelection() {
        model.selectedProperty().set(null);
    }

    /** Called when the user clicks a page (the window opens it in the page inspector). */
    public void setOnPageClicked(java.util.function.Consumer<SliceRef> action) {
        this.onPageClicked = action;
    }

    /** A point on the screen over the span starting at {@code spanAddress}, if it is in view. */
    public java.util.Optional<javafx.geometry.Point2D> screenPointOf(long spanAddress) {
        for (double y = 1; y < surface.getHeight(); y += 2) {
            for (double x = 1; x < surface.getWidth(); x += 2) {
                SliceRef r = model.sliceAt(x, y);
                if (r != null && r.spanAddress() == spanAddress) {
                    return java.util.Optional.ofNullable(surface.localToScreen(x + 0.5, y + 0.5));
                }
            }
        }
        return java.util.Optional.empty();
    }

    public ReadOnlyObjectProperty<SliceRef> selectedSliceProperty() {
        return model.selectedProperty();
    }

    /**
     * Where the slice holding {@code address} is drawn, in this view's coordinates (the centre of
     * its cell), or null if no segment holds it. For tests that click, and for "reveal address".
     */
    public Point2D locate(long address) {
        AddressSpaceData d = model.dataProperty().get();
        for (int i = 0; i < d.segments().size(); i++) {
            SegmentSlices s = d.segments().get(i);
            long offset = address - s.address();
            if (offset >= 0 && offset < s.sliceCount() * d.sliceSize()) {
                int slice = (int) (offset / d.sliceSize());
                Viewport v = model.viewportProperty().get();
                SliceLayout layout = model.layout();
                double x = v.originX() + (layout.xOf(i, slice) + 0.5) * v.scale();
                double y = v.originY() + (layout.yOf(i, slice) + 0.5) * v.scale();
                return surface.localToScene(x, y) == null ? null : sceneToLocal(surface.localToScene(x, y));
            }
        }
        return null;
    }

    /** Selects the slice holding {@code address}, as a click on it would; false if none holds it. */
    public boolean select(long address) {
        AddressSpaceData d = model.dataProperty().get();
        for (int i = 0; i < d.segments().size(); i++) {
            SegmentSlices s = d.segments().get(i);
            long offset = address - s.address();
            if (offset >= 0 && offset < s.sliceCount() * d.sliceSize()) {
                model.selectedProperty().set(new SliceRef(i, (int) (offset / d.sliceSize()), s, d.sliceSize()));
                return true;
            }
        }
        return false;
    }

    /** The pixel surface, for benchmarks and tests in this package. */
    PixelSurface surface() {
        return surface;
    }

    AddressSpaceModel model() {
        return model;
    }

    private HBox toolbar() {
        ChoiceBox<AddressSpaceModel.ColourMode> mode = new ChoiceBox<>();
        mode.getItems().setAll(AddressSpaceModel.ColourMode.values());
        mode.valueProperty().bindBidirectional(model.colourModeProperty());
        mode.setTooltip(new Tooltip("Colour slices by what they hold, or by the thread that owns them"));
        Button zoomIn = button("+", "Zoom in (+, or the mouse wheel)", () -> zoomCentre(1.5));
        Button zoomOut = button("−", "Zoom out (-)", () -> zoomCentre(1 / 1.5));
        Button fit = button("Fit", "Show every segment (0)", this::fit);
        summary.getStyleClass().add("hs-status");
        summary.setTooltip(new Tooltip("Totals over all segments shown: address space reserved by the "
                + "segments, how much of it pages use, free spans, purged spans, abandoned segments"));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(mode, zoomOut, zoomIn, fit, grow, summary);
        bar.getStyleClass().add("hs-view-toolbar");
        return bar;
    }

    /** The map, with the minimap in a column of its own at the right: it never covers map content. */
    private BorderPane canvasArea() {
        minimap.setPrefSize(150, 110);
        minimap.setMaxSize(150, 110);
        minimap.setMinSize(150, 110);
        minimap.getStyleClass().add("hs-minimap");
        Tooltip.install(minimap, new Tooltip("Minimap: the whole address space; the red box is what the "
                + "view shows. Click or drag to move there."));
        tooltip.setShowDelay(Duration.millis(250));
        tooltip.setShowDuration(Duration.seconds(30));
        tooltip.setWrapText(true);
        tooltip.setMaxWidth(420);
        StackPane map = new StackPane(surface);
        map.setMinSize(0, 0);
        javafx.scene.layout.VBox side = new javafx.scene.layout.VBox(minimap);
        side.setAlignment(Pos.BOTTOM_CENTER);
        side.setPadding(new javafx.geometry.Insets(0, 0, 0, 4));
        side.managedProperty().bind(minimap.visibleProperty());
        side.visibleProperty().bind(minimap.visibleProperty());
        BorderPane area = new BorderPane(map);
        area.setRight(side);
        area.setMinSize(0, 0);
        surface.setFocusTraversable(true);
        return area;
    }

    private void wire() {
        minimap.setVisible(false);
        model.dataProperty().addListener((o, a, b) -> {
            minimap.setVisible(!b.isEmpty());
            summary.setText(model.summary());
            refreshLegend();
            if (!userMoved && !sameShape(a, b)) {
                fitLater();
            }
            repaintAll();
        });
        model.colourModeProperty().addListener((o, a, b) -> {
            refreshLegend();
            repaintAll();
        });
        model.viewportProperty().addListener((o, a, b) -> repaintAll());
        model.selectedProperty().addListener((o, a, b) -> surface.repaint());
        model.hoverProperty().addListener((o, a, now) -> {
            surface.repaint();
            String text = model.describe(now);
            status.setText(text.isEmpty() ? "" : text.lines().limit(2).reduce((x, y) -> x + " — " + y).orElse(""));
            tooltip.setText(text);
            if (now == null) {
                Tooltip.uninstall(surface, tooltip);
            } else {
                Tooltip.install(surface, tooltip);
            }
        });
        surface.widthProperty().addListener((o, a, b) -> {
            if (!userMoved) {
                fitLater();
            }
        });
        surface.heightProperty().addListener((o, a, b) -> {
            if (!userMoved) {
                fitLater();
            }
        });
        surface.addEventHandler(ScrollEvent.SCROLL, e -> {
            userMoved = true;
            model.zoomAt(Math.pow(1.2, e.getDeltaY() / 40.0), e.getX(), e.getY());
            e.consume();
        });
        surface.addEventHandler(MouseEvent.MOUSE_MOVED, e -> model.hoverProperty().set(model.sliceAt(e.getX(), e.getY())));
        surface.addEventHandler(MouseEvent.MOUSE_EXITED, e -> model.hoverProperty().set(null));
        surface.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            surface.requestFocus();
            dragX = e.getX();
            dragY = e.getY();
            dragged = false;
        });
        surface.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            userMoved = true;
            dragged = true;
            model.panBy(e.getX() - dragX, e.getY() - dragY);
            dragX = e.getX();
            dragY = e.getY();
        });
        surface.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && !dragged) {
                SliceRef ref = model.sliceAt(e.getX(), e.getY());
                model.selectedProperty().set(ref);
                if (ref != null && ref.kind().isPage()) {
                    onPageClicked.accept(ref);
                }
            }
        });
        surface.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.PLUS || e.getCode() == KeyCode.ADD || e.getCode() == KeyCode.EQUALS) {
                zoomCentre(1.5);
            } else if (e.getCode() == KeyCode.MINUS || e.getCode() == KeyCode.SUBTRACT) {
                zoomCentre(1 / 1.5);
            } else if (e.getCode() == KeyCode.DIGIT0 || e.getCode() == KeyCode.NUMPAD0) {
                fit();
            }
        });
        minimap.addEventHandler(MouseEvent.MOUSE_PRESSED, this::minimapJump);
        minimap.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::minimapJump);
    }

    private void minimapJump(MouseEvent e) {
        Viewport mini = minimapViewport();
        userMoved = true;
        model.centreOn((e.getX() - mini.originX()) / mini.scale(), (e.getY() - mini.originY()) / mini.scale(),
                surface.getWidth(), surface.getHeight());
        e.consume();
    }

    /** True when both have the same segments (count and sizes), so the fit would not change. */
    private static boolean sameShape(AddressSpaceData a, AddressSpaceData b) {
        if (a == null || a.segments().size() != b.segments().size()) {
            return false;
        }
        for (int i = 0; i < a.segments().size(); i++) {
            SegmentSlices x = a.segments().get(i);
            SegmentSlices y = b.segments().get(i);
            if (x.sliceCount() != y.sliceCount() || x.arena() != y.arena()) {
                return false;
            }
        }
        return true;
    }

    private void zoomCentre(double factor) {
        userMoved = true;
        model.zoomAt(factor, surface.getWidth() / 2, surface.getHeight() / 2);
    }

    private void fit() {
        userMoved = false;
        model.fit(surface.getWidth(), surface.getHeight());
    }

    private void fitLater() {
        model.fit(surface.getWidth(), surface.getHeight());
    }

    private void repaintAll() {
        surface.repaint();
        minimap.repaint();
    }

    private void refreshLegend() {
        List<AddressSpaceModel.LegendEntry> entries = model.legend();
        legend.show(entries.stream().map(e -> new Legend.Entry(e.label(), e.argb(), e.explanation())).toList());
    }

    private void paint(int[] px, int w, int h) {
        SliceLayout layout = model.layout();
        Viewport vp = model.viewportProperty().get();
        renderer.paint(px, w, h, layout, model.dataProperty().get().segments(), model.colours(), vp, true);
        SliceRef sel = model.selectedProperty().get();
        if (sel != null) {
            renderer.outline(px, w, h, layout, vp, sel.segmentIndex(), sel.spanStart(),
                    sel.segment().spanEnd(sel.slice()), Palette.SELECTION, 2);
        }
        SliceRef hover = model.hoverProperty().get();
        if (hover != null) {
            renderer.outline(px, w, h, layout, vp, hover.segmentIndex(), hover.slice(), hover.slice() + 1,
                    Palette.HOVER, 1);
        }
    }

    private Viewport minimapViewport() {
        SliceLayout layout = model.layout();
        return Viewport.fit(layout.width(), layout.height(), minimap.getWidth(), minimap.getHeight(), 2);
    }

    private void paintMinimap(int[] px, int w, int h) {
        Viewport mini = minimapViewport();
        minimapRenderer.paint(px, w, h, model.layout(), model.dataProperty().get().segments(), model.colours(), mini, false);
        Viewport main = model.viewportProperty().get();
        double k = mini.scale() / main.scale();
        int x0 = (int) (mini.originX() - main.originX() * k);
        int y0 = (int) (mini.originY() - main.originY() * k);
        int x1 = (int) (x0 + surface.getWidth() * k);
        int y1 = (int) (y0 + surface.getHeight() * k);
        SliceRenderer.rect(px, w, h, Math.max(0, x0), Math.max(0, y0), Math.min(w - 1, x1), Math.min(h - 1, y1),
                Palette.VIEWPORT, 1);
        SliceRenderer.rect(px, w, h, 0, 0, w - 1, h - 1, 0xFF9CA3AF, 1);
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }
}
