package io.stepwise.functions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;

/**
 * One execution environment: a process in its own sandbox cell, its own Runtime API port and /tmp.
 * Lifecycle: STARTING -> BUSY (first event taken) -> IDLE <-> BUSY -> DEAD; any state -> DEAD on exit or kill.
 */
final class Environment {
    enum State { STARTING, BUSY, IDLE, DEAD }

    static final long MAX_LOG_BYTES_PER_INVOCATION = 1 << 20;
    private static final int TAIL_BYTES = 4096;

    final String id;
    final FunctionSpec fn;
    final Sandbox.Cell cell;
    final Path dir;                       // host directory: the /tmp image, or the TMPDIR fallback
    final Path tmp;                       // the /tmp the process sees
    final long startedNanos = System.nanoTime();
    final LinkedBlockingQueue<Invocation> inbox = new LinkedBlockingQueue<>();
    volatile Process process;
    volatile int port;
    volatile State state = State.STARTING;
    volatile Invocation current;          // taken by /next, not yet answered
    volatile long initDoneNanos = -1;     // first /next
    volatile boolean retired;
    volatile Outcome.InitError initError;
    volatile long cpuAtExitNanos = -1;
    volatile long peakAtExitBytes = -1;
    volatile Instant idleSince;
    private final BiConsumer<String, String> logSink;
    private final Deque<String> tail = new ArrayDeque<>();
    private int tailBytes;
    private long loggedThisInvocation;
    private boolean truncatedNoted;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream(); // guarded by tail
    private volatile boolean pumpWaiting;  // the pump is blocked reading, everything before is logged
    private volatile boolean pumpDone;
    private volatile java.io.FileInputStream pipe;      // our own read end of the output pipe (null: not available)
    private volatile long chunks;                        // reads the pump has logged (written by the pump only)

    Environment(String id, FunctionSpec fn, Sandbox.Cell cell, Path dir, Path tmp, BiConsumer<String, String> logSink) {
        this.id = id;
        this.fn = fn;
        this.cell = cell;
        this.dir = dir;
        this.tmp = tmp;
        this.logSink = logSink;
    }

    /**
     * Reads the process output as the function's log, bounded per invocation. A platform thread, not a virtual one:
     * a blocking pipe read pins its carrier, and there may be hundreds of environments.
     */
    void pumpLogs() {
        InputStream source;
        try {
            // Our own read end of the output pipe (Linux): a plain FileInputStream reads it with one syscall and
            // answers available() without a lock. The process's own stream loops inside a locked read() (so its
            // available() waits for the pump) and drains the pipe itself when the process exits: closed here.
            pipe = new java.io.FileInputStream(ownReadEnd(process.pid()).toFile());
            process.getInputStream().close();
            source = pipe;
        } catch (IOException | RuntimeException e) {
            pipe = null; // not Linux, or the process is gone already: drainLogs only waits for the pump to block
            source = process.getInputStream();
        }
        InputStream in = source;
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (in) {
                for (;;) {
                    pumpWaiting = true;
                    int n = in.read(buf);
                    pumpWaiting = false;
                    if (n < 0) break;
                    split(buf, n);
                    chunks++;
                }
            } catch (IOException ignored) {
                // process gone
            } finally {
                pumpDone = true;
            }
        }, "env-log-" + id);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Our own read end of the child's stdout pipe, as a /proc/self/fd path (opening it gives a second read end).
     * The child's fd 1 names the pipe, except for a moment while the wrapper shell redirects it for
     * {@code echo $$ > cgroup.procs}; so we wait until it names a pipe, then find that pipe among our own fds.
     */
    private static Path ownReadEnd(long pid) throws IOException {
        Path childOut = Path.of("/proc", Long.toString(pid), "fd", "1");
        for (int i = 0; i < 10_000; i++) {
            String link = java.nio.file.Files.readSymbolicLink(childOut).toString();
            if (link.startsWith("pipe:")) {
                try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
                    for (Path fd : (Iterable<Path>) fds::iterator) {
                        try {
                            if (java.nio.file.Files.readSymbolicLink(fd).toString().equals(link)) return fd;
                        } catch (IOException gone) {
                            // an fd closed while we list
                        }
                    }
                }
                throw new IOException("no read end of " + link + " in this process");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
        throw new IOException("process " + pid + " has no pipe on stdout");
    }

    private void split(byte[] buf, int n) {
        synchronized (tail) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] != '\n') continue;
                partial.write(buf, from, i - from);
                functionLog(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
                from = i + 1;
            }
            partial.write(buf, from, n - from);
            if (partial.size() > 256 * 1024) { // a runaway line without newline: cut it here
                functionLog(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
            }
        }
    }

    /**
     * Waits (at most {@code maxNanos}) until everything the process wrote so far is logged, so that a function's
     * last lines come before END: the runtime wrote them before posting its response, so they are in the pipe now.
     * A last line without a newline is logged as is.
     */
    void drainLogs(long maxNanos) {
        long deadline = System.nanoTime() + maxNanos;
        while (!pumpDone && !caughtUp() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
        synchronized (tail) {
            if (partial.size() > 0) {
                functionLog(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
            }
        }
    }

    /**
     * The pump waits in read() and the pipe is empty, twice a moment apart with no chunk logged in between: a pump
     * that has just taken bytes clears {@code pumpWaiting} within that moment unless it is preempted exactly there.
     */
    private boolean caughtUp() {
        long before = chunks;
        if (!(pumpWaiting && pipeEmpty())) return false;
        for (int i = 0; i < 100; i++) Thread.onSpinWait();
        return pumpWaiting && pipeEmpty() && chunks == before;
    }

    private boolean pipeEmpty() {
        var p = pipe;
        try {
            return p == null || p.available() == 0;
        } catch (IOException closed) {
            return true;
        }
    }

    void functionLog(String line) {
        synchronized (tail) {
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            if (line.length() > 256 * 1024) line = line.substring(0, 256 * 1024) + " [line truncated]";
            loggedThisInvocation += line.length() + 1;
            if (loggedThisInvocation > MAX_LOG_BYTES_PER_INVOCATION) {
                if (truncatedNoted) return;
                truncatedNoted = true;
                line = "[stepwise] log output over " + MAX_LOG_BYTES_PER_INVOCATION + " bytes for this invocation: dropped";
            }
            platformLog(line);
        }
    }

    /** A line that is never dropped (START/END/REPORT, platform errors). */
    void platformLog(String line) {
        synchronized (tail) {
            logSink.accept(fn.name(), line);
            tail.addLast(line);
            tailBytes += line.length() + 1;
            while (tailBytes > TAIL_BYTES * 2 && tail.size() > 1) tailBytes -= tail.removeFirst().length() + 1;
        }
    }

    void beginInvocationLog() {
        synchronized (tail) {
            tail.clear();
            tailBytes = 0;
            loggedThisInvocation = 0;
            truncatedNoted = false;
        }
    }

    /** Last 4 KB of this invocation's log. */
    String tail() {
        synchronized (tail) {
            String all = String.join("\n", tail) + "\n";
            byte[] b = all.getBytes(StandardCharsets.UTF_8);
            return b.length <= TAIL_BYTES ? all
                    : new String(b, b.length - TAIL_BYTES, TAIL_BYTES, StandardCharsets.UTF_8);
        }
    }

    /** Time the runtime process's threads spent runnable but waiting for a CPU (host contention), in ns. */
    long runDelayNanos() {
        long sum = 0;
        try (var tasks = java.nio.file.Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String[] f = java.nio.file.Files.readString(t.resolve("schedstat")).trim().split(" ");
                sum += Long.parseLong(f[1]);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return sum;
    }

    boolean alive() {
        return state != State.DEAD && process != null && process.isAlive();
    }

    void kill() {
        state = State.DEAD;
        if (process != null) process.destroyForcibly();
        cell.destroy();
    }
}
