package io.heapscope.app;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a PNG of the main window on a sample and exits:
 * {@code Screenshot OUT.png [--sample FILE] [--steps N] [--size WxH]}. Same as starting
 * {@link HeapscopeApp} with {@code --screenshot OUT.png ...}; from desktop/, under Xvfb:
 * {@code xvfb-run -a mvn -q javafx:run -Djavafx.args="--screenshot ../docs/screenshot.png"}.
 */
public final class Screenshot {

    private Screenshot() {
    }

    public static void main(String[] args) {
        List<String> all = new ArrayList<>();
        all.add("--screenshot");
        all.addAll(List.of(args));
        HeapscopeApp.main(all.toArray(String[]::new));
    }
}
