package io.heapscope.ui.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The event log's rows and filter: every event of the run up to the current step, newest first,
 * narrowed to the last step, a kind, or text to look for. Tested without a stage.
 */
final class EventLogModel {

    static final String ALL_KINDS = "All kinds";

    private final ObservableList<EventRow> rows = FXCollections.observableArrayList();
    private final FilteredList<EventRow> visible = new FilteredList<>(rows);
    private final ObservableList<String> kinds = FXCollections.observableArrayList(ALL_KINDS);
    private final StringProperty kind = new SimpleStringProperty(this, "kind", ALL_KINDS);
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final BooleanProperty lastStepOnly = new SimpleBooleanProperty(this, "lastStepOnly", false);
    private List<EventRow> shown = List.of();
    private long position;
    private int soFar;

    EventLogModel() {
        kind.addListener((o, a, b) -> refilter());
        text.addListener((o, a, b) -> refilter());
        lastStepOnly.addListener((o, a, b) -> refilter());
    }

    /**
     * Shows the run's events (in the order they happened) as seen at step {@code position}: the
     * events of the steps before it, newest first. The same list again only moves the position.
     */
    void show(List<EventRow> events, long position) {
        this.position = position;
        if (events != shown) {
            shown = events;
            List<EventRow> newestFirst = new ArrayList<>(events);
            Collections.reverse(newestFirst);
            rows.setAll(newestFirst);
            TreeSet<String> names = new TreeSet<>();
            events.forEach(e -> names.add(e.kind()));
            String keep = kind.get();
            kinds.setAll(ALL_KINDS);
            kinds.addAll(names);
            kind.set(kinds.contains(keep) ? keep : ALL_KINDS);
        }
        refilter();
    }

    ObservableList<EventRow> visible() {
        return visible;
    }

    ObservableList<String> kinds() {
        return kinds;
    }

    StringProperty kindProperty() {
        return kind;
    }

    StringProperty textProperty() {
        return text;
    }

    BooleanProperty lastStepOnlyProperty() {
        return lastStepOnly;
    }

    String summary() {
        String where = lastStepOnly.get() ? " in step " + (position - 1) : " so far";
        int all = lastStepOnly.get() ? (int) rows.stream().filter(e -> e.step() == position - 1).count() : soFar;
        return visible.size() == all ? all + " events" + where : visible.size() + " of " + all + " events" + where;
    }

    private void refilter() {
        String k = kind.get();
        String t = text.get() == null ? "" : text.get().toLowerCase(Locale.ROOT);
        long at = position;
        boolean last = lastStepOnly.get();
        soFar = (int) rows.stream().filter(e -> e.step() < at).count();
        visible.setPredicate(e -> e.step() < at && (!last || e.step() == at - 1)
                && (k == null || k.equals(ALL_KINDS) || e.kind().equals(k))
                && (t.isEmpty() || (e.kind() + " " + e.thread() + " " + e.explanation()).toLowerCase(Locale.ROOT).contains(t)));
    }
}
