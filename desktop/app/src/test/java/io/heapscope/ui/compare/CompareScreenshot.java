package io.heapscope.ui.compare;

import io.heapscope.app.AppServices;
import io.heapscope.ui.fx.NodePng;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Takes the README's picture of the compare view: a sample on several columns run to the end.
 * Arguments: {@code OUT.png [SAMPLE] [COLUMNS]}; the README has the command line (under Xvfb, on the
 * built classes and the launcher's class path).
 */
public final class CompareScreenshot {

    private CompareScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]).toAbsolutePath();
        String sample = args.length > 1 ? args[1] : "cigarette.scenario";
        String columns = args.length > 2 ? args[2] : "core,tcmalloc,mimalloc,jemalloc,glibc";
        Path file = AppServices.defaultSamplesDir().resolve(sample);
        String text = Files.readString(file);
        Platform.startup(() -> {
            CompareView view = new CompareView();
            Stage stage = new Stage();
            Scene scene = new Scene(view, 1280, 820);
            scene.getStylesheets().add(CompareView.class.getResource("/io/heapscope/ui/theme/heapscope.css").toExternalForm());
            stage.setScene(scene);
            stage.setTitle("Compare — " + sample);
            stage.show();
            view.stateProperty().addListener((o, a, s) -> {
                if (!s.problem().isEmpty()) {
                    System.err.println(s.problem());
                    Platform.exit();
                } else if (s.step() == 0 && s.totalSteps() > 0) {
                    view.session().run();
                } else if (s.step() == s.totalSteps()) {
                    Platform.runLater(() -> Platform.runLater(() -> {
                        try {
                            NodePng.write(NodePng.capture(view), out);
                            System.out.println("wrote " + out);
                        } catch (java.io.IOException e) {
                            e.printStackTrace();
                        }
                        view.session().close();
                        Platform.exit();
                    }));
                }
            });
            view.setScenario(file.toString(), text, columns, true);
        });
    }
}
