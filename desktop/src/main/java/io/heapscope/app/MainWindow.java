package io.heapscope.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import io.heapscope.app.files.ScenarioDocument;
import io.heapscope.app.session.SessionState;
import io.heapscope.ui.abandoned.AbandonedView;
import io.heapscope.ui.addressspace.AddressSpaceView;
import io.heapscope.ui.addressspace.SegmentSlices;
import io.heapscope.ui.addressspace.SliceRef;
import io.heapscope.ui.details.DetailsView;
import io.heapscope.ui.editor.ScenarioEditor;
import io.heapscope.ui.events.EventLogView;
import io.heapscope.ui.fx.FxDoor;
import io.heapscope.ui.pageinspector.PageBlocks;
import io.heapscope.ui.pageinspector.PageInspectorView;
import io.heapscope.ui.problems.ProblemsView;
import io.heapscope.ui.runbar.RunToolbar;
import io.heapscope.ui.samples.SampleBrowser;
import io.heapscope.ui.samples.SampleCatalog;
import io.heapscope.ui.threads.ThreadsView;
import io.heapscope.ui.timeline.TimelineView;

/**
 * The IDE window: menu and run toolbar on top; the editor with problems and samples on the left;
 * the heap views in tabs on the right, with the timeline, event log and details below them.
 * Pictures of the heap arrive through {@link #showStep} (any thread; coalesced to the frame rate).
 */
public final class MainWindow {

    private final AppServices services;
    private final Stage stage;
    private final ScenarioDocument document = new ScenarioDocument();
    private final ScenarioEditor editor;
    private final RunToolbar runBar;
    private final FileActions files;
    private final AddressSpaceView addressSpace = new AddressSpaceView();
    private final PageInspectorView pageInspector = new PageInspectorView();
    private final DetailsView details = new DetailsView();
    private final ThreadsView threads = new ThreadsView();
    private final AbandonedView abandoned = new AbandonedView();
    private final TimelineView timeline = new TimelineView();
    private final EventLogView events = new EventLogView();
    private final Exports exports;
    private final Prompts asker;
    private final TabPane views = new TabPane();
    private final FxDoor.Latest<StepPicture> pictures;
    private final AutoCloseable sessionListener;
    private static final javafx.css.PseudoClass CRASHED = javafx.css.PseudoClass.getPseudoClass("crashed");

    private final BorderPane statusBar = new BorderPane();
    private final javafx.scene.control.ProgressIndicator busy = new javafx.scene.control.ProgressIndicator();
    private StepPicture picture = StepPicture.empty();

    public MainWindow(AppServices services, Stage stage, Prompts prompts) {
        this.services = services;
        this.stage = stage;
        this.editor = new ScenarioEditor(services.door(), services.worker(), services.timer());
        this.runBar = new RunToolbar(services.session(), services.door(), editor::caretLine);
        this.asker = prompts == null ? new DialogPrompts(stage) : prompts;
        this.files = new FileActions(services, document, editor, asker);
        this.exports = new Exports(services, asker);
        timeline.setOnJump(services.session()::goToStep);
        this.pictures = services.door().latest(this::apply);
        files.setOnLoaded(() -> services.session().load(document.fileName(), editor.getText()));
        editor.breakpoints().addListener((javafx.collections.SetChangeListener<Integer>) c ->
                services.session().setBreakpoints(java.util.Set.copyOf(editor.breakpoints())));
        sessionListener = services.session().subscribe(services.door().latest(this::onSession)::publish);
        addressSpace.selectedSliceProperty().addListener((o, a, now) -> select(now));

        BorderPane root = new BorderPane();
        root.setId("main-window");
        root.setTop(new VBox(MainMenu.create(commands(), files.recent()), runBar));
        root.setCenter(layout());
        root.setBottom(statusBar());
        Scene scene = new Scene(root, 1400, 900);
        scene.getStylesheets().add(MainWindow.class.getResource("/io/heapscope/ui/theme/heapscope.css").toExternalForm());
        scene.getStylesheets().add(MainWindow.class.getResource("main-window.css").toExternalForm());
        stage.setScene(scene);
        stage.titleProperty().bind(document.titleProperty());
        stage.setOnCloseRequest(e -> {
            e.consume();
            quit();
        });
    }

    /** Opens the cigarette sample if the samples folder has it, else an empty document; then offers recovery. */
    public void openStartDocument() {
        CompletableFuture.supplyAsync(() -> SampleCatalog.list(services.samplesDir()), services.worker())
                .thenAccept(samples -> services.door().run(() -> {
                    SampleCatalog.Sample cigarette = SampleCatalog.find(samples, "cigarette");
                    if (cigarette != null) {
                        files.openPath(cigarette.file());
                    }
                    files.offerRecovery();
                }));
    }

    /** Shows a new step's picture; callable from any thread, at any rate. */
    public void showStep(StepPicture next) {
        pictures.publish(next);
    }

    /**
     * Selects the page where the most bytes freed by other threads wait for their owner (the
     * cigarette's stranded memory) and shows it in the page inspector. False if no page has any.
     */
    public boolean showPageWithMostPendingFrees() {
        long best = -1;
        long bestBytes = 0;
        for (SegmentSlices seg : picture.space().segments()) {
            for (int i = 0; i < seg.sliceCount(); i++) {
                if (seg.spanStart()[i] != i || !seg.kind(i).isPage()) {
                    continue;
                }
                long address = seg.address() + i * picture.space().sliceSize();
                long bytes = picture.pages().apply(address)
                        .map(p -> (long) p.counts().pendingRemote() * p.blockSize()).orElse(0L);
                if (bytes > bestBytes) {
                    bestBytes = bytes;
                    best = address;
                }
            }
        }
        if (best < 0 || !addressSpace.select(best)) {
            return false;
        }
        views.getSelectionModel().select(1);
        return true;
    }

    /** Brings the heap view with this tab title to the front. */
    public void showView(String title) {
        views.getTabs().stream().filter(t -> t.getText().equalsIgnoreCase(title)).findFirst()
                .ifPresent(t -> views.getSelectionModel().select(t));
    }

    public ScenarioEditor editor() {
        return editor;
    }

    public ScenarioDocument document() {
        return document;
    }

    /** Opens {@code file}, asking about unsaved changes first. */
    public void open(Path file) {
        files.openAsked(file);
    }

    void save() {
        files.save();
    }

    private SplitPane layout() {
        TabPane lower = new TabPane(
                tab("Problems", new ProblemsView(editor.diagnostics(), d -> editor.goTo(d.span()))),
                tab("Samples", new SampleBrowser(services.samplesDir(), services.worker(), services.door(),
                        s -> files.openAsked(s.file()))));
        lower.setId("editor-tabs");
        SplitPane left = new SplitPane(editor, lower);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.72);

        views.setId("view-tabs");
        views.getTabs().addAll(
                tab("Address space", addressSpace),
                tab("Page inspector", pageInspector),
                tab("Threads", threads),
                tab("Abandoned", abandoned));
        TabPane bottom = new TabPane(tab("Timeline", timeline), tab("Event log", events));
        bottom.setId("bottom-tabs");
        TabPane side = new TabPane(tab("Details", details));
        SplitPane lowerRight = new SplitPane(bottom, side);
        lowerRight.setDividerPositions(0.62);
        SplitPane right = new SplitPane(views, lowerRight);
        right.setOrientation(Orientation.VERTICAL);
        right.setDividerPositions(0.68);
        SplitPane main = new SplitPane(left, right);
        main.setDividerPositions(0.4);
        return main;
    }

    private Node statusBar() {
        Label session = new Label();
        session.setId("status-session");
        session.textProperty().bind(runBar.statusText());
        session.getStyleClass().add("hs-status");
        Label file = new Label();
        file.getStyleClass().add("hs-status");
        file.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> document.path().map(Path::toString).orElse("untitled") + (document.isDirty() ? " (unsaved)" : ""),
                document.pathProperty(), document.dirtyProperty()));
        busy.setVisible(false);
        busy.setPrefSize(14, 14);
        javafx.scene.control.Tooltip.install(busy, new javafx.scene.control.Tooltip(
                "Running or replaying; Pause (F6) stops it"));
        javafx.scene.layout.HBox left = new javafx.scene.layout.HBox(6, busy, session);
        left.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        statusBar.setLeft(left);
        statusBar.setRight(file);
        statusBar.getStyleClass().add("hs-status-bar");
        return statusBar;
    }

    private MainMenu.Commands commands() {
        return new MainMenu.Commands(files::newFile, files::open, files::save, files::saveAs, files::openAsked,
                this::exportViewPng, this::exportJson, () -> exports.timelineAsCsv(timeline::csv), this::quit,
                editor::toggleBreakpointAtCaret,
                runBar.menuItems());
    }

    private void apply(StepPicture next) {
        picture = next;
        addressSpace.setData(next.space());
        threads.show(next.threads());
        abandoned.show(next.abandoned());
        events.show(next.events());
        timeline.show(next.timeline(), next.step(), java.util.Set.of());
        select(addressSpace.selectedSliceProperty().get());
    }

    private void select(SliceRef ref) {
        Optional<PageBlocks> page = ref == null || !ref.kind().isPage() ? Optional.empty()
                : picture.pages().apply(ref.spanAddress());
        pageInspector.pageProperty().set(page.orElse(null));
        details.show(SelectionDetails.of(ref, picture.space().threadNames(), page));
    }

    private void onSession(SessionState s) {
        editor.currentLineProperty().set(s.currentLine());
        busy.setVisible(s.status() == SessionState.Status.RUNNING || s.status() == SessionState.Status.LOADING);
        statusBar.pseudoClassStateChanged(CRASHED, s.status() == SessionState.Status.CRASHED);
    }

    private void exportViewPng() {
        Tab tab = views.getSelectionModel().getSelectedItem();
        exports.viewAsPng(tab.getContent(), tab.getText().toLowerCase().replace(' ', '-'));
    }

    private void exportJson() {
        picture.snapshot().ifPresentOrElse(s -> exports.snapshotAsJson(s, picture.step()),
                () -> asker.error("Nothing to export", "No snapshot yet: step the scenario first."));
    }

    private void quit() {
        files.whenUnsavedHandled(() -> files.closeCleanly(() -> {
            runBar.dispose();
            try {
                sessionListener.close();
            } catch (Exception ignored) {
                // closing
            }
            stage.close();
            Platform.exit();
        }));
    }

    private static Tab tab(String title, Node content) {
        Tab t = new Tab(title, content);
        t.setClosable(false);
        t.setId("tab-" + title.toLowerCase().replace(' ', '-'));
        return t;
    }

    List<Tab> viewTabs() {
        return views.getTabs();
    }
}
