package io.heapscope.cli;

import io.heapscope.engine.Progress;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * A one-line progress bar on a terminal ({@code \r}-rewritten), for runs long enough to report
 * progress (the engine reports about every 50 ms). {@link #done()} clears the line.
 */
final class TerminalProgress implements Consumer<Progress> {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final String label;
    private boolean shown;

    TerminalProgress(PrintStream err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void accept(Progress p) {
        int filled = (int) Math.round(p.fraction() * WIDTH);
        err.printf("\r%s [%s%s] %3.0f%% %,d/%,d ops%s", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                p.fraction() * 100, p.opsDone(), p.opsTotal(), p.replaying() ? " (replaying)" : "");
        err.flush();
        shown = true;
    }

    void done() {
        if (shown) {
            err.print("\r" + " ".repeat(WIDTH + label.length() + 50) + "\r");
            err.flush();
            shown = false;
        }
    }
}
