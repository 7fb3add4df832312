package io.heapscope.app.files;

import java.nio.file.Path;
import java.util.Optional;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The open scenario file: where it lives (none while untitled), the text as last saved or
 * loaded, and the text in the editor. Dirty when the two texts differ.
 */
public final class ScenarioDocument {

    private final ObjectProperty<Path> path = new SimpleObjectProperty<>(this, "path");
    private final StringProperty savedText = new SimpleStringProperty(this, "savedText", "");
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final BooleanBinding dirty = Bindings.createBooleanBinding(
            () -> !text.get().equals(savedText.get()), text, savedText);
    private final StringBinding title = Bindings.createStringBinding(
            () -> (dirty.get() ? "• " : "") + fileName() + " — Heapscope", path, dirty);

    public ObjectProperty<Path> pathProperty() {
        return path;
    }

    public Optional<Path> path() {
        return Optional.ofNullable(path.get());
    }

    public StringProperty textProperty() {
        return text;
    }

    public BooleanBinding dirtyProperty() {
        return dirty;
    }

    public boolean isDirty() {
        return dirty.get();
    }

    /** The window title: file name, with a dot while unsaved. */
    public StringBinding titleProperty() {
        return title;
    }

    public String fileName() {
        Path p = path.get();
        return p == null ? "untitled.scenario" : p.getFileName().toString();
    }

    /** A file was opened (or a new document made, with {@code file} null). */
    public void loaded(Path file, String content) {
        path.set(file);
        savedText.set(content);
        text.set(content);
    }

    /** The current text was written to {@code file}. */
    public void saved(Path file, String content) {
        path.set(file);
        savedText.set(content);
    }

    /** Recovered text of a previous session: shown as unsaved changes to {@code file}. */
    public void recovered(Path file, String savedContent, String recoveredText) {
        path.set(file);
        savedText.set(savedContent);
        text.set(recoveredText);
    }
}
