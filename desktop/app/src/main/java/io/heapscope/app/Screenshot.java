package io.heapscope.app;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a PNG of the main window on a sample and exits:
 * {@code Screenshot OUT.png [--sample FILE] [--line N | --steps N] [--tab NAME] [--size WxH]
 * [--snapshot FILE.json]} ({@code --snapshot} shows a saved snapshot, opened as File > Open snapshot does). By
 * default it opens the cigarette sample and runs to the line where main wakes (the first
 * {@code expect} when the sample has no wake line), after the refresher replaced every hotel,
 * with the page holding most stranded memory in the inspector. Same as starting
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
