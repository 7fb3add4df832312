package io.heapscope.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

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
import io.heapscope.app.session.SessionControls;
import io.heapscope.app.session.SessionState;
import io.heapscope.scenario.source.Diagnostic;
import io.heapscope.scenario.source.SourceSpan;
import io.heapscope.ui.fx.Debouncer;
import io.heapscope.ui.fx.Unavailable;
import io.heapscope.ui.abandoned.AbandonedView;
import io.heapscope.ui.addressspace.AddressSpaceView;
import io.heapscope.ui.addressspace.SegmentSlices;
import io.heapscope.ui.details.DetailsView;
import io.heapscope.ui.editor.ScenarioEditor;
import io.heapscope.ui.events.EventLogView;
import io.heapscope.ui.fx.FxDoor;
import io.heapscope.ui.pageinspector.PageInspectorView;
import io.heapscope.ui.problems.ProblemsView;
import io.heapscope.app.runbar.RunToolbar;
import io.heapscope.ui.samples.SampleBrowser;
import io.heapscope.ui.threads.ThreadsView;
import io.heapscope.ui.timeline.TimelineView;

/**
 * The IDE window: menu and run toolbar on top; the editor with problems and samples on the left;
 * the heap views in tabs on the right, with the timeline, event log and details below them.
 * The session's states, pictures and progress arrive through the FX door, newest only; pictures
 * can also be shown directly with {@link #showStep} (any thread; coalesced to the frame rate).
 */
public final class MainWindow {

    private static final long EDIT_DELAY_MS = 400;

    private final AppServices services;
    private final Stage stage;
    private final ScenarioDocument document = new ScenarioDocument();
    private final ScenarioEditor editor;
    private final RunToolbar runBar;
    private final FileActions files;
    private final TraceOpening traces;
    private final AddressSpaceView addressSpace = new AddressSpaceView();
    private final PageInspectorView pageInspector = new PageInspectorView();
    private final DetailsView details = new DetailsView();
    private final PageSelection selection;
    private final ThreadsView threads = new ThreadsView();
    private final AbandonedView abandoned = new AbandonedView();
    private final TimelineView timeline = new TimelineView();
    private final EventLogView events = new EventLogView();
    private final Exports exports;
    private final SnapshotOpener snapshots;
    private final Prompts asker;
    private final TabPane views = new TabPane();
    private final TabPane editorTabs = new TabPane();
    private final SplitPane leftSplit = new SplitPane();
    private final LessonActions lessons;
    private final TabPane bottom = new TabPane();
    private final FxDoor.Latest<StepPicture> pictures;
    private final List<AutoCloseable> subscriptions = new java.util.ArrayList<>();
    private final StatusLine statusLine;
    private final Unavailable spaceGate = new Unavailable(addressSpace, "Segments, pages and slices are");
    private final Unavailable pageGate = new Unavailable(pageInspector, "Pages and their free lists are");
    private final Unavailable abandonedGate = new Unavailable(abandoned, "Abandoned segments are");
    private final ObservableList<Diagnostic> problems = FXCollections.observableArrayList();
    private final Debouncer<String, String> edits;
    private StepPicture picture = StepPicture.empty();
    /** The saved snapshot the views show, until the session's next picture replaces it. */
    private SavedSnapshot saved;
    /** Why the session failed, on the line it stopped at; null while it has not failed. */
    private Diagnostic sessionProblem;
    private Consumer<StepPicture> onShown = p -> { };

    public MainWindow(AppServices services, Stage stage, Prompts prompts) {
        this.services = services;
        this.stage = stage;
        this.editor = new ScenarioEditor(services.door(), services.worker(), services.timer());
        this.runBar = new RunToolbar(services.session(), services.door(), editor::caretLine);
        this.asker = prompts == null ? new DialogPrompts(stage) : prompts;
        this.files = new FileActions(services, document, editor, asker);
        this.traces = new TraceOpening(services, document, editor, asker, files);
        this.exports = new Exports(services, asker);
        this.selection = new PageSelection(services, pageInspector, details);
        this.snapshots = new SnapshotOpener(services.worker(), services.door(), asker, this::showSaved);
        this.lessons = new LessonActions(services, asker, new LessonHighlights(addressSpace, pageInspector, threads,
                timeline, views), files::openAsked, () -> {
                    editorTabs.getSelectionModel().select(2);
                    leftSplit.setDividerPositions(0.38);
                });
        SessionControls session = services.session();
        this.statusLine = new StatusLine(runBar.statusText(), document, session::pause);
        timeline.setOnJump(session::goToStep);
        this.pictures = services.door().latest(this::apply);
        files.setOnLoaded(() -> session.load(document.fileName(), editor.getText()));
        files.setOnSaved(text -> session.saved(document.fileName(), text));
        this.edits = new Debouncer<>(services.timer(), services.worker(), EDIT_DELAY_MS, text -> text,
                services.door(), text -> session.textChanged(document.fileName(), text));
        editor.textProperty().addListener((o, a, text) -> edits.offer(text));
        editor.breakpoints().addListener((javafx.collections.SetChangeListener<Integer>) c ->
                session.setBreakpoints(java.util.Set.copyOf(editor.breakpoints())));
        editor.diagnostics().addListener((javafx.collections.ListChangeListener<Diagnostic>) c -> showProblems());
        subscriptions.add(session.subscribe(services.door().latest(this::onSession)::publish));
        subscriptions.add(session.subscribePictures(pictures::publish));
        subscriptions.add(session.subscribeProgress(services.door().latest(statusLine::onProgress)::publish));
        addressSpace.selectedSliceProperty().addListener((o, a, now) -> selection.select(now, picture, saved == null));
        events.setOnSelect(selection::showEvent);
        addressSpace.setOnPageClicked(ref -> showView("Page inspector"));

        BorderPane root = new BorderPane();
        root.setId("main-window");
        root.setTop(new VBox(MainMenu.create(commands(), files.recent()), runBar));
        root.setCenter(layout());
        root.setBottom(statusLine);
        Scene scene = new Scene(root, 1400, 900);
        scene.getStylesheets().add(MainWindow.class.getResource("/io/heapscope/ui/theme/heapscope.css").toExternalForm());
        scene.getStylesheets().add(MainWindow.class.getResource("main-window.css").toExternalForm());
        lessons.bindKeys(scene);
        stage.setScene(scene);
        stage.titleProperty().bind(document.titleProperty());
        stage.setOnCloseRequest(e -> {
            e.consume();
            quit();
        });
    }

    /** The sample the window opens on: exactly this file of the samples folder. */
    public static final String START_SAMPLE = "cigarette.scenario";

    /** Offers the text a crashed session left unsaved; without one (or declined), opens {@link #START_SAMPLE}. */
    public void openStartDocument() {
        openStartDocument(services.samplesDir().resolve(START_SAMPLE));
    }

    /** Offers the text a crashed session left unsaved; without one (or declined), opens {@code file}. */
    public void openStartDocument(Path file) {
        services.door().run(() -> files.offerRecovery(() -> {
            if (io.heapscope.trace.Traces.isTrace(file)) {
                traces.open(file);
            } else if (Files.isRegularFile(file)) {
                files.openPath(file);
            }
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

    /** Colours the address space "By kind", "By owner" or "By use". */
    public void colourBy(String mode) {
        addressSpace.colourBy(mode);
    }

    /** Brings the view with this tab title ("Address space", "event-log", ...) to the front. */
    public void showView(String title) {
        for (TabPane pane : List.of(views, bottom)) {
            pane.getTabs().stream().filter(t -> t.getText().equalsIgnoreCase(title.replace('-', ' '))).findFirst()
                    .ifPresent(t -> pane.getSelectionModel().select(t));
        }
    }

    public ScenarioEditor editor() {
        return editor;
    }

    public ScenarioDocument document() {
        return document;
    }

    /** Opens {@code file} (a scenario or a trace), asking about unsaved changes first. */
    public void open(Path file) {
        if (io.heapscope.trace.Traces.isTrace(file)) {
            files.whenUnsavedHandled(() -> traces.open(file));
        } else {
            files.openAsked(file);
        }
    }

    void save() {
        files.save();
    }

    /**
     * Reads a saved snapshot file off the FX thread and shows it in the heap views, without an
     * agent; a bad file shows an error. The session's next picture (Step, Reset, an edit) replaces it.
     */
    public void openSnapshot(Path file) {
        snapshots.open(file);
    }

    private void showSaved(SavedSnapshot s) {
        saved = s;
        pictures.publish(s.picture());
    }

    private SplitPane layout() {
        TabPane lower = editorTabs;
        lower.getTabs().addAll(
                tab("Problems", new ProblemsView(problems, d -> editor.goTo(d.span()))),
                tab("Samples", new SampleBrowser(services.samplesDir(), services.worker(), services.door(),
                        s -> lessons.openSample(s.file(), s.isLesson(), files::openAsked))),
                tab("Lesson", lessons.panel()), tab("Record lesson", lessons.recorder(document::path)));
        lower.setId("editor-tabs");
        SplitPane left = leftSplit;
        left.getItems().setAll(editor, lower);
        left.setOrientation(Orientation.VERTICAL);
        left.setDividerPositions(0.72);

        views.setId("view-tabs");
        views.getTabs().addAll(
                tab("Address space", spaceGate),
                tab("Page inspector", pageGate),
                tab("Threads", threads),
                tab("Abandoned", abandonedGate));
        bottom.getTabs().addAll(tab("Timeline", timeline), tab("Event log", events));
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

    private MainMenu.Commands commands() {
        Runnable openSnapshot = () -> snapshots.choose(document.path().map(Path::getParent).orElse(services.samplesDir()));
        return new MainMenu.Commands(files::newFile, files::open, traces::choose, openSnapshot, files::save, files::saveAs, files::openAsked,
                this::exportViewPng, this::exportJson, this::exportCsv, this::quit,
                editor::toggleBreakpointAtCaret,
                runBar.menuItems(), () -> io.heapscope.ui.compare.CompareView.openWindow(stage, document.fileName(),
                        editor.getText(), MainWindow.class.getResource("/io/heapscope/ui/theme/heapscope.css").toExternalForm()));
    }

    private void apply(StepPicture next) {
        picture = next;
        if (saved != null && next != saved.picture()) {
            saved = null;
        }
        statusLine.showSaved(saved == null ? "" : saved.status());
        addressSpace.setData(next.space());
        threads.show(next.threads(), next.core(), next.allocator());
        abandoned.show(next.abandoned());
        events.show(next.events(), next.step());
        timeline.show(next.timeline(), next.step(), next.breakpointSteps());
        for (Unavailable gate : List.of(spaceGate, pageGate, abandonedGate)) {
            gate.setAvailable(next.core(), next.allocator());
        }
        editor.showExpects(ExpectProblems.marks(next.expects()));
        showProblems();
        selection.refresh(addressSpace.selectedSliceProperty().get(), picture, saved == null);
        lessons.onPicture(next);
        onShown.accept(next);
    }

    private void showProblems() {
        List<Diagnostic> all = new java.util.ArrayList<>(editor.diagnostics());
        all.addAll(ExpectProblems.diagnostics(picture.expects()));
        if (sessionProblem != null) {
            all.add(sessionProblem);
        }
        all.sort(Diagnostic.BY_POSITION);
        if (!all.equals(problems)) {
            problems.setAll(all);
        }
    }

    private void onSession(SessionState s) {
        editor.currentLineProperty().set(s.currentLine());
        lessons.onState(s);
        statusLine.onState(s);
        Diagnostic problem = s.status() == SessionState.Status.FAILED && !s.message().isEmpty()
                ? Diagnostic.error(new SourceSpan(document.fileName(), Math.max(1, s.currentLine()), 1,
                        Math.max(1, s.currentLine()), 1), "the run failed at step " + s.step() + ": " + s.message())
                : null;
        if (!java.util.Objects.equals(problem, sessionProblem)) {
            sessionProblem = problem;
            showProblems();
        }
    }

    /** Opens a lesson: its scenario in the editor, its first stop in the Lesson tab. */
    public void openLesson(Path file) {
        lessons.open(file);
    }

    io.heapscope.ui.lesson.LessonPanel lessonPanel() {
        return lessons.panel();
    }

    /** Called on the FX thread once an opened lesson's stops are resolved and its first stop shown (tests). */
    void setOnLessonReady(Consumer<io.heapscope.ui.lesson.LessonProgress> listener) {
        lessons.setOnReady(listener);
    }

    /** Called on the FX thread after the views showed a new picture (for tests and benchmarks). */
    public void setOnShown(Consumer<StepPicture> listener) {
        this.onShown = listener;
    }

    /** The picture the views show now. */
    public StepPicture picture() {
        return picture;
    }

    void exportViewPng() {
        Tab tab = views.getSelectionModel().getSelectedItem();
        exports.viewAsPng(tab.getContent(), tab.getText().toLowerCase().replace(' ', '-'));
    }

    /** File > Export timeline as CSV: the engine's history of this run, as {@code heapscope export --csv} writes it. */
    void exportCsv() {
        exports.timelineAsCsv(picture.history());
    }

    void exportJson() {
        StepPicture p = picture;
        String scenario = saved != null ? saved.document().scenario() : document.fileName();
        p.snapshot().ifPresentOrElse(s -> exports.snapshotAsJson(scenario, p, s),
                () -> asker.error("Nothing to export", "No snapshot yet: step the scenario first."));
    }

    private void quit() {
        files.whenUnsavedHandled(() -> files.closeCleanly(() -> {
            runBar.dispose();
            for (AutoCloseable c : subscriptions) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing
                }
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
