package io.stepwise.functions;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Reads an environment's output pipe as log lines, and can tell when everything written so far has been logged.
 * Design note: a runtime writes its last lines before it posts the response, so they are in the pipe when the
 * response arrives, but the pump may not have read them yet (and on a loaded host, not for a while). {@link #drain}
 * writes a marker line into the same pipe, through a write end of our own (Linux: {@code /proc/self/fd/N} of the read
 * end opens the pipe again). Pipes are FIFO and a write under PIPE_BUF is atomic, so once the pump reads the marker,
 * every byte written before it has been logged, in order. The marker carries a per-server random nonce, so a function
 * cannot forge it, and is never logged. Where /proc is not available, drain returns at once (no ordering promise).
 */
final class LogPump {
    private static final String MARK = "\u0001stepwise-drain-" + HexFormat.of().formatHex(
            java.security.SecureRandom.getSeed(8)) + "-";
    private static final int MAX_LINE = 256 * 1024;

    private final Process process;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream(); // the pump thread's only
    private FileOutputStream marker;     // guarded by this; closed when the process exits, so the pump sees EOF
    private long requested;              // guarded by this
    private volatile long drained;
    private volatile Thread waiter;
    private volatile boolean done;

    LogPump(Process process, Consumer<String> lines) {
        this.process = process;
        this.lines = lines;
    }

    void start(String name) {
        InputStream in;
        try {
            Path readEnd = ownReadEnd(process.pid());
            in = new FileInputStream(readEnd.toFile());
            marker = new FileOutputStream(readEnd.toFile());
            // The JDK's own stream drains the pipe itself when the process exits (racing us): close it.
            process.getInputStream().close();
        } catch (IOException | RuntimeException e) {
            in = process.getInputStream();
            marker = null;
        }
        process.onExit().thenRun(this::closeMarker);
        InputStream source = in;
        // A platform thread: a blocking pipe read pins a virtual thread's carrier, and there may be hundreds.
        Thread t = new Thread(() -> pump(source), "env-log-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** Waits (at most {@code maxNanos}) until everything the process wrote before this call has been logged. */
    void drain(long maxNanos) {
        long n;
        synchronized (this) {
            if (done || marker == null) return;
            n = ++requested;
            waiter = Thread.currentThread();
            try {
                marker.write((MARK + n + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                return;
            }
        }
        long deadline = System.nanoTime() + maxNanos;
        while (drained < n && !done) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            LockSupport.parkNanos(this, left);
        }
    }

    /** Waits (at most {@code maxNanos}) until the process's output has ended (it exited) and all of it is logged. */
    void awaitEnd(long maxNanos) {
        synchronized (this) {
            if (done) return;
            waiter = Thread.currentThread();
        }
        long deadline = System.nanoTime() + maxNanos;
        while (!done) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            LockSupport.parkNanos(this, left);
        }
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) split(buf, n);
        } catch (IOException ignored) {
            // process gone
        } finally {
            if (partial.size() > 0) line(partial.toString(StandardCharsets.UTF_8));
            done = true;
            Thread w = waiter;
            if (w != null) LockSupport.unpark(w);
        }
    }

    private void split(byte[] buf, int n) {
        int from = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] != '\n') continue;
            partial.write(buf, from, i - from);
            line(partial.toString(StandardCharsets.UTF_8));
            partial.reset();
            from = i + 1;
        }
        partial.write(buf, from, n - from);
        if (partial.size() > MAX_LINE) { // a runaway line without newline: cut it here
            line(partial.toString(StandardCharsets.UTF_8));
            partial.reset();
        }
    }

    private void line(String line) {
        int k = line.indexOf(MARK);
        if (k < 0) {
            lines.accept(line);
            return;
        }
        if (k > 0) lines.accept(line.substring(0, k)); // a last line without newline, as is
        try {
            drained = Long.parseLong(line.substring(k + MARK.length()));
        } catch (NumberFormatException ignored) {
            return;
        }
        Thread w = waiter;
        if (w != null) LockSupport.unpark(w);
    }

    private synchronized void closeMarker() {
        try {
            if (marker != null) marker.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /**
     * Our read end of the child's stdout pipe, as a /proc/self/fd path. The child's fd 1 names the pipe, except for
     * a moment while the wrapper shell redirects it ({@code echo $$ > cgroup.procs}); so we wait until it names a
     * pipe, then find that pipe among our own descriptors.
     */
    private static Path ownReadEnd(long pid) throws IOException {
        Path childOut = Path.of("/proc", Long.toString(pid), "fd", "1");
        for (int i = 0; i < 10_000; i++) {
            String link = Files.readSymbolicLink(childOut).toString();
            if (link.startsWith("pipe:")) {
                try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                    for (Path fd : (Iterable<Path>) fds::iterator) {
                        try {
                            if (Files.readSymbolicLink(fd).toString().equals(link)) return fd;
                        } catch (IOException gone) {
                            // closed while we list
                        }
                    }
                }
                throw new IOException("no read end of " + link + " in this process");
            }
            LockSupport.parkNanos(20_000);
        }
        throw new IOException("process " + pid + " has no pipe on stdout");
    }
}
