package io.heapscope.agent;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The agent process and its pipes: frames go out on stdin; a reader thread splits stdout into
 * frames and queues them; stderr is drained into a {@link StderrTail}.
 */
final class AgentConnection {
    /** Largest reply accepted (a full snapshot with blocks of a very large heap). */
    static final long MAX_REPLY = 1L << 30;

    /** What the reader thread queues: a frame, or how the stream ended. */
    sealed interface Incoming permits Frame, Ended {}

    record Frame(byte[] bytes) implements Incoming {}

    record Ended(String why) implements Incoming {}

    private final Process process;
    private final OutputStream out;
    private final BlockingQueue<Incoming> incoming = new LinkedBlockingQueue<>();
    private final StderrTail stderr;

    private AgentConnection(Process process) {
        this.process = process;
        this.out = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.stderr = new StderrTail(process.getErrorStream(), "heapscope-agent-stderr-" + process.pid());
        Thread.ofPlatform().daemon().name("heapscope-agent-reader-" + process.pid()).start(this::readFrames);
    }

    static AgentConnection start(AgentOptions options) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(options.executable().toString());
        command.add("--backend");
        command.add(options.backend().wireName());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(options.environment());
        return new AgentConnection(pb.start());
    }

    private void readFrames() {
        try (InputStream in = process.getInputStream()) {
            byte[] header = new byte[Protocol.HEADER_SIZE];
            while (true) {
                if (!readFully(in, header, 0, header.length)) {
                    incoming.add(new Ended("the agent closed its output"));
                    return;
                }
                long length = (header[0] & 0xFFL) | (header[1] & 0xFFL) << 8 | (header[2] & 0xFFL) << 16
                        | (header[3] & 0xFFL) << 24;
                if (length < Protocol.HEADER_SIZE || length > MAX_REPLY) {
                    incoming.add(new Ended("the agent sent a frame of impossible length " + length));
                    return;
                }
                byte[] frame = new byte[(int) length];
                System.arraycopy(header, 0, frame, 0, header.length);
                if (!readFully(in, frame, header.length, frame.length - header.length)) {
                    incoming.add(new Ended("the agent's output ended inside a frame"));
                    return;
                }
                incoming.add(new Frame(frame));
            }
        } catch (IOException e) {
            incoming.add(new Ended("reading the agent's output failed: " + e.getMessage()));
        }
    }

    private static boolean readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) return false;
            off += n;
            len -= n;
        }
        return true;
    }

    void send(byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    /** The next incoming item, or null after {@code millis}. */
    Incoming receive(long millis) throws InterruptedException {
        return incoming.poll(millis, TimeUnit.MILLISECONDS);
    }

    Process process() {
        return process;
    }

    String stderrTail() {
        return stderr.tail(500);
    }

    /** Waits for the process to end (it is killed after {@code millis}); returns its exit value. */
    int awaitExit(long millis) {
        try {
            if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        } catch (IllegalThreadStateException e) {
            return -1;
        }
    }

    void kill() {
        process.destroyForcibly();
        try {
            out.close();
        } catch (IOException ignored) {
            // the pipe is already broken
        }
    }
}
