package io.heapscope.app;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** {@link Prompts} as JavaFX dialogs owned by the main window. */
final class DialogPrompts implements Prompts {

    private final Window owner;

    DialogPrompts(Window owner) {
        this.owner = owner;
    }

    @Override
    public Unsaved unsavedChanges(String fileName) {
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Don't save", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", save, discard, ButtonType.CANCEL);
        a.initOwner(owner);
        a.setTitle("Unsaved changes");
        a.setHeaderText(fileName + " has changes that are not saved.");
        a.setContentText("Save them before going on?");
        ButtonType answer = a.showAndWait().orElse(ButtonType.CANCEL);
        return answer == save ? Unsaved.SAVE : answer == discard ? Unsaved.DISCARD : Unsaved.CANCEL;
    }

    @Override
    public boolean recover(String fileName, Instant savedAt) {
        ButtonType restore = new ButtonType("Restore", ButtonBar.ButtonData.YES);
        ButtonType drop = new ButtonType("Discard", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", restore, drop);
        a.initOwner(owner);
        a.setTitle("Recover unsaved text");
        a.setHeaderText("Heapscope closed without saving " + fileName + ".");
        a.setContentText("Restore the text as it was at "
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault()).format(savedAt) + "?");
        return a.showAndWait().orElse(drop) == restore;
    }

    @Override
    public Optional<Path> chooseOpen(Path initialDir, String extension) {
        FileChooser c = switch (extension) {
            case "scenario" -> chooser("Open scenario", initialDir, "Scenarios", "*.scenario");
            case "json" -> chooser("Open snapshot", initialDir, "Saved snapshots", "*.json");
            default -> chooser("Open", initialDir, extension.toUpperCase() + " files", "*." + extension);
        };
        File f = c.showOpenDialog(owner);
        return Optional.ofNullable(f).map(File::toPath);
    }

    @Override
    public Optional<Path> chooseSave(Path initialDir, String suggestedName, String extension) {
        FileChooser c = chooser("Save as", initialDir, extension.toUpperCase() + " files", "*." + extension);
        c.setInitialFileName(suggestedName);
        File f = c.showSaveDialog(owner);
        return Optional.ofNullable(f).map(File::toPath);
    }

    @Override
    public void error(String title, String message) {
        Alert a = new Alert(Alert.AlertType.ERROR, message);
        a.initOwner(owner);
        a.setTitle(title);
        a.setHeaderText(title);
        a.showAndWait();
    }

    private static FileChooser chooser(String title, Path dir, String what, String pattern) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        if (dir != null && Files.isDirectory(dir)) {
            c.setInitialDirectory(dir.toFile());
        }
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, pattern));
        return c;
    }
}
