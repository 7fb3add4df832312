package io.heapscope.ui.compare;

import java.util.List;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * One scenario on several columns side by side: one timeline with a curve per column for the
 * chosen figure, a table of every figure per column with its difference to the first column, and
 * each column's expect results. F10 steps every column, Shift+F10 steps every column back, F5
 * runs them all to the end; the commands run on the {@link CompareSession}'s worker.
 */
public final class CompareView extends BorderPane {

    public static final String DEFAULT_COLUMNS = "core,glibc,jemalloc,mimalloc,tcmalloc";

    private final CompareSession session = new CompareSession(s -> Platform.runLater(() -> show(s)));
    private final TextField columns = new TextField(DEFAULT_COLUMNS);
    private final ComboBox<CompareFigure> figure = new ComboBox<>(FXCollections.observableArrayList(CompareFigure.values()));
    private final Label status = new Label("");
    private final NumberAxis steps = new NumberAxis();
    private final NumberAxis values = new NumberAxis();
    private final LineChart<Number, Number> chart = new LineChart<>(steps, values);
    private final TableView<CompareState.Row> table = new TableView<>();
    private final ListView<String> expects = new ListView<>();
    private final ReadOnlyObjectWrapper<CompareState> state = new ReadOnlyObjectWrapper<>(CompareState.empty(""));
    private String fileName = "";
    private String text = "";

    public CompareView() {
        getStyleClass().add("hs-compare");
        setId("compare-view");
        columns.setId("compare-columns");
        HBox.setHgrow(columns, Priority.ALWAYS);
        figure.setId("compare-figure");
        figure.getSelectionModel().select(CompareFigure.RSS);
        figure.valueProperty().addListener((o, a, b) -> drawChart());
        status.setId("compare-status");
        Button open = button("Start", "compare-open", () -> session.open(fileName, text, columns.getText()));
        Button back = button("◀ Step back", "compare-back", session::stepBack);
        Button step = button("Step ▶", "compare-step", session::step);
        Button run = button("Run ▶▶", "compare-run", session::run);
        HBox bar = new HBox(8, new Label("Columns"), columns, open, back, step, run, new Label("Figure"), figure, status);
        bar.setPadding(new Insets(6));
        setTop(bar);

        steps.setLabel("step");
        steps.setForceZeroInRange(true);
        values.setLabel("bytes");
        chart.setId("compare-chart");
        chart.setCreateSymbols(false);
        chart.setAnimated(false);
        table.setId("compare-table");
        expects.setId("compare-expects");
        SplitPane lower = new SplitPane(table, expects);
        lower.setDividerPositions(0.55);
        SplitPane all = new SplitPane(chart, lower);
        all.setOrientation(javafx.geometry.Orientation.VERTICAL);
        all.setDividerPositions(0.5);
        setCenter(all);
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F10 && e.isShiftDown()) {
                session.stepBack();
            } else if (e.getCode() == KeyCode.F10) {
                session.step();
            } else if (e.getCode() == KeyCode.F5) {
                session.run();
            } else {
                return;
            }
            e.consume();
        });
    }

    private static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }

    /** The scenario the columns run; {@code start} starts them at once. */
    public void setScenario(String fileName, String text, String columnList, boolean start) {
        this.fileName = fileName;
        this.text = text;
        columns.setText(columnList);
        if (start) {
            session.open(fileName, text, columnList);
        }
    }

    /** The state shown, updated on the JavaFX thread after each command. */
    public ReadOnlyObjectProperty<CompareState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public CompareSession session() {
        return session;
    }

    private void show(CompareState s) {
        status.setText(s.problem().isEmpty() ? "step " + String.format("%,d", s.step()) + " of "
                + String.format("%,d", s.totalSteps()) : s.problem());
        table.getColumns().clear();
        TableColumn<CompareState.Row, String> name = new TableColumn<>("figure");
        name.setCellValueFactory(r -> new SimpleStringProperty(r.getValue().figure().word()));
        name.setPrefWidth(110);
        table.getColumns().add(name);
        List<CompareState.ColumnState> cols = s.columns();
        for (int i = 0; i < cols.size(); i++) {
            int index = i;
            TableColumn<CompareState.Row, String> c = new TableColumn<>(cols.get(i).label()
                    + (i == 0 ? "" : " (vs " + cols.getFirst().label() + ")"));
            c.setCellValueFactory(r -> new SimpleStringProperty(r.getValue().cells().get(index)));
            c.setPrefWidth(i == 0 ? 110 : 190);
            table.getColumns().add(c);
        }
        table.getItems().setAll(s.rows());
        expects.getItems().setAll(s.expectLines());
        state.set(s);   // last: whoever watches the state finds the table and list already showing it
        drawChart();
    }

    private void drawChart() {
        CompareFigure f = figure.getValue();
        values.setLabel(f.bytes() ? f.word() + " (MiB)" : f.word());
        chart.getData().clear();
        for (CompareState.ColumnState c : state.get().columns()) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(c.label());
            for (long[] p : c.series(f)) {
                series.getData().add(new XYChart.Data<>(p[0], f.bytes() ? p[1] / 1048576.0 : p[1]));
            }
            chart.getData().add(series);
        }
    }

    /** Opens the compare window for a scenario, its columns started at once. */
    public static Stage openWindow(Window owner, String fileName, String text, String stylesheet) {
        CompareView view = new CompareView();
        Stage stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Compare — " + fileName);
        Scene scene = new Scene(view, 1200, 800);
        if (stylesheet != null) scene.getStylesheets().add(stylesheet);
        stage.setScene(scene);
        stage.setOnHidden(e -> view.session().close());
        view.setScenario(fileName, text, DEFAULT_COLUMNS, true);
        stage.show();
        return stage;
    }
}
