package io.heapscope.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Drains the agent's stderr on its own thread, keeping the last few KiB for error reports. */
final class StderrTail {
    private static final int KEEP = 4096;
    private final byte[] ring = new byte[KEEP];
    private long written;
    private final Thread thread;

    StderrTail(InputStream in, String name) {
        thread = Thread.ofPlatform().daemon().name(name).start(() -> drain(in));
    }

    private void drain(InputStream in) {
        byte[] buf = new byte[1024];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (this) {
                    for (int i = 0; i < n; i++) ring[(int) (written++ % KEEP)] = buf[i];
                }
            }
        } catch (IOException ignored) {
            // the agent is gone; what was read is kept
        }
    }

    /** Waits briefly for the last bytes of a dead agent, then returns the tail. */
    String tail(long waitMillis) {
        try {
            thread.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            int n = (int) Math.min(written, KEEP);
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) out[i] = ring[(int) ((written - n + i) % KEEP)];
            return new String(out, StandardCharsets.UTF_8);
        }
    }
}
