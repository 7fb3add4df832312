package io.heapscope.app;

import java.nio.file.Path;
import java.util.List;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/** The menu bar: File (with recent files, traces, saved snapshots and exports), Run (the run toolbar's commands), Help. */
final class MainMenu {

    /** The commands the menus call; the window supplies them. */
    record Commands(Runnable newFile, Runnable open, Runnable openTrace, Runnable openSnapshot, Runnable save, Runnable saveAs, java.util.function.Consumer<Path> openRecent,
                    Runnable exportPng, Runnable exportJson, Runnable exportCsv, Runnable quit,
                    Runnable toggleBreakpoint, List<MenuItem> runItems, Runnable compare) {
    }

    private MainMenu() {
    }

    static MenuBar create(Commands c, ObservableList<Path> recent) {
        Menu recentMenu = new Menu("Open recent");
        recentMenu.setId("menu-recent");
        Runnable fillRecent = () -> {
            recentMenu.getItems().setAll(recent.stream().map(p -> item(p.getFileName() + "  —  " + p.getParent(), null,
                    () -> c.openRecent().accept(p))).toList());
            recentMenu.setDisable(recent.isEmpty());
        };
        recent.addListener((ListChangeListener<Path>) ch -> fillRecent.run());
        fillRecent.run();

        MenuItem exportJson = item("Export snapshot as JSON…", null, c.exportJson());
        MenuItem exportCsv = item("Export timeline as CSV…", null, c.exportCsv());
        Menu file = new Menu("File", null,
                item("New", shortcut(KeyCode.N), c.newFile()),
                item("Open…", shortcut(KeyCode.O), c.open()),
                item("Open trace…", null, c.openTrace()),
                recentMenu,
                item("Open snapshot…", null, c.openSnapshot()),
                new SeparatorMenuItem(),
                item("Save", shortcut(KeyCode.S), c.save()),
                item("Save as…", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                        c.saveAs()),
                new SeparatorMenuItem(),
                item("Export view as PNG…", new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN), c.exportPng()),
                exportJson,
                exportCsv,
                new SeparatorMenuItem(),
                item("Quit", shortcut(KeyCode.Q), c.quit()));
        file.setId("menu-file");
        file.getItems().forEach(i -> {
            if (i.getId() == null && i.getText() != null) {
                i.setId("menu-" + i.getText().toLowerCase().replaceAll("[^a-z]+", "-").replaceAll("-$", ""));
            }
        });
        Menu run = new Menu("Run");
        run.setId("menu-run");
        run.getItems().addAll(c.runItems());
        run.getItems().addAll(new SeparatorMenuItem(),
                item("Toggle breakpoint", new KeyCodeCombination(KeyCode.F9), c.toggleBreakpoint()),
                new SeparatorMenuItem(),
                item("Compare on all backends…", null, c.compare()));
        run.getItems().getLast().setId("menu-compare");
        Menu help = new Menu("Help", null, item("Shortcuts: F5 run · F6 pause · F10 step · Ctrl+F10 step over loop · "
                + "Shift+F10 step back · Alt+F9 run to cursor · F9 breakpoint", null, () -> { }));
        return new MenuBar(file, run, help);
    }

    private static MenuItem item(String text, KeyCombination key, Runnable action) {
        MenuItem i = new MenuItem(text);
        if (key != null) {
            i.setAccelerator(key);
        }
        i.setOnAction(e -> action.run());
        return i;
    }

    private static KeyCombination shortcut(KeyCode code) {
        return new KeyCodeCombination(code, KeyCombination.SHORTCUT_DOWN);
    }
}
