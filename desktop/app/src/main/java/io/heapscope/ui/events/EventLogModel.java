package io.heapscope.ui.events;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/** The event log's rows and filter (a kind, and text to look for). Tested without a stage. */
final class EventLogModel {

    static final String ALL_KINDS = "All kinds";

    private final ObservableList<EventRow> rows = FXCollections.observableArrayList();
    private final FilteredList<EventRow> visible = new FilteredList<>(rows);
    private final ObservableList<String> kinds = FXCollections.observableArrayList(ALL_KINDS);
    private final StringProperty kind = new SimpleStringProperty(this, "kind", ALL_KINDS);
    private final StringProperty text = new SimpleStringProperty(this, "text", "");

    EventLogModel() {
        kind.addListener((o, a, b) -> refilter());
        text.addListener((o, a, b) -> refilter());
    }

    void show(List<EventRow> events) {
        rows.setAll(events);
        TreeSet<String> names = new TreeSet<>();
        events.forEach(e -> names.add(e.kind()));
        String keep = kind.get();
        kinds.setAll(ALL_KINDS);
        kinds.addAll(names);
        kind.set(kinds.contains(keep) ? keep : ALL_KINDS);
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

    String summary() {
        return visible.size() == rows.size() ? rows.size() + " events in this step"
                : visible.size() + " of " + rows.size() + " events in this step";
    }

    private void refilter() {
        String k = kind.get();
        String t = text.get() == null ? "" : text.get().toLowerCase(Locale.ROOT);
        visible.setPredicate(e -> (k == null || k.equals(ALL_KINDS) || e.kind().equals(k))
                && (t.isEmpty() || (e.kind() + " " + e.thread() + " " + e.explanation()).toLowerCase(Locale.ROOT).contains(t)));
    }
}
