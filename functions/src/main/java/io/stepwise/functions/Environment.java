package io.stepwise.functions;

import java.io.IOException;
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
    volatile FunctionNetwork.Lease network; // its own network, where the host allows one
    volatile String apiHost = "127.0.0.1";  // where its Runtime API listens
    volatile ApiAccess.Credentials credentials = ApiAccess.Credentials.random();
    volatile java.util.Optional<String> apiEndpoint = java.util.Optional.empty();  // the server's API, for its code
    volatile int port;
    volatile State state = State.STARTING;
    volatile Invocation current;          // taken by /next, not yet answered
    volatile long initDoneNanos = -1;     // first /next
    volatile boolean retired;
    volatile Outcome.InitError initError;
    volatile long cpuAtExitNanos = -1;
    volatile long peakAtExitBytes = -1;
    volatile Instant idleSince;
    volatile int runtimeDepth;            // processes between `process` and the runtime (Namespace.runtimeDepth)
    private volatile long runtimePid = -1;
    private final BiConsumer<String, String> logSink;
    private final Deque<String> tail = new ArrayDeque<>();
    private int tailBytes;
    private long loggedThisInvocation;
    private boolean truncatedNoted;
    private volatile LogPump logPump;

    Environment(String id, FunctionSpec fn, Sandbox.Cell cell, Path dir, Path tmp, BiConsumer<String, String> logSink) {
        this.id = id;
        this.fn = fn;
        this.cell = cell;
        this.dir = dir;
        this.tmp = tmp;
        this.logSink = logSink;
    }

    /** Reads the process output as the function's log, bounded per invocation. */
    void pumpLogs() {
        logPump = new LogPump(process, this::functionLog);
        logPump.start(id);
    }

    /** Waits (at most {@code maxNanos}) until the function's output so far is logged, so that it precedes END. */
    void drainLogs(long maxNanos) {
        if (logPump != null) logPump.drain(maxNanos);
    }

    /** Waits (at most {@code maxNanos}) until the exited process's last output is logged. */
    void awaitLogEnd(long maxNanos) {
        if (logPump != null) logPump.awaitEnd(maxNanos);
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

    /**
     * Last 4 KB of this invocation's log. A record of several lines is one line of the log, its inner line breaks
     * carriage returns (as the runtimes write them, see the bootstraps); here they are line breaks again, as Lambda's
     * log tail shows such a record.
     */
    String tail() {
        synchronized (tail) {
            String all = (String.join("\n", tail) + "\n").replace('\r', '\n');
            byte[] b = all.getBytes(StandardCharsets.UTF_8);
            return b.length <= TAIL_BYTES ? all
                    : new String(b, b.length - TAIL_BYTES, TAIL_BYTES, StandardCharsets.UTF_8);
        }
    }

    /**
     * Time the runtime process's threads spent runnable but waiting for a CPU (host contention), in ns: the second
     * field of each {@code /proc/<pid>/task/<tid>/schedstat}. Read twice per invocation, so without streams or
     * strings (this showed in profiles of the warm path).
     */
    long runDelayNanos() {
        long sum = 0;
        byte[] buf = new byte[64];
        try (var tasks = java.nio.file.Files.newDirectoryStream(Path.of("/proc", Long.toString(runtimePid()), "task"))) {
            for (Path t : tasks) {
                int n;
                try (var in = new java.io.FileInputStream(t.resolve("schedstat").toFile())) {
                    n = in.read(buf);
                } catch (IOException threadGone) {
                    continue;
                }
                sum += secondField(buf, n);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return sum;
    }

    /**
     * The runtime's host pid. With a pid namespace the process we started is unshare, whose child is the namespace's
     * init, whose child is the runtime (the first read is at the first /next, when the runtime exists); found once.
     */
    long runtimePid() {
        long pid = runtimePid;
        if (pid > 0) return pid;
        pid = process.pid();
        for (int i = 0; i < runtimeDepth && pid > 0; i++) pid = firstChild(pid);
        if (pid <= 0) return process.pid();
        runtimePid = pid;
        return pid;
    }

    /**
     * Peak resident memory of the runtime's process tree, in bytes: the sum of each live process's high-water mark
     * ({@code VmHWM} of {@code /proc/<pid>/status}: anonymous and file-backed pages alike, since the process started);
     * -1 if unknown. The memory cgroup cannot give this alone: it is charged only for pages the environment faulted in
     * first, so a runtime whose binary is already in the host's page cache (node maps ~35 MB of it) looked 9 MB big.
     * On the warm path, so bytes rather than strings; descendants are those forked by each process's main thread
     * (listing every thread's children cost ~50 us more per invocation here).
     */
    long peakRssBytes() {
        if (!alive()) return -1;
        long root = runtimePid();
        if (root <= 0) return -1;
        long kb = 0;
        byte[] buf = new byte[4096];
        Deque<Long> todo = new ArrayDeque<>();
        todo.add(root);
        for (int seen = 0; !todo.isEmpty() && seen < Sandbox.PIDS_MAX; seen++) {
            String pid = Long.toString(todo.removeFirst());
            int n = read("/proc/" + pid + "/status", buf);
            int at = indexOf(buf, n, "VmHWM:");
            if (at < 0) continue;   // exited meanwhile: its memory is no longer held
            kb += number(buf, n, at + 6);
            n = read("/proc/" + pid + "/task/" + pid + "/children", buf);
            for (int i = 0; i < n; i++) {
                if (buf[i] >= '0' && buf[i] <= '9') {
                    todo.addLast(number(buf, n, i));
                    while (i < n && buf[i] != ' ') i++;
                }
            }
        }
        return kb == 0 ? -1 : kb * 1024;
    }

    private static int read(String file, byte[] buf) {
        try (var in = new java.io.FileInputStream(file)) {
            int n = 0, r;
            while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) n += r;
            return n;
        } catch (IOException gone) {
            return 0;
        }
    }

    private static int indexOf(byte[] b, int n, String what) {
        outer:
        for (int i = 0; i + what.length() <= n; i++) {
            for (int j = 0; j < what.length(); j++) if (b[i + j] != what.charAt(j)) continue outer;
            return i;
        }
        return -1;
    }

    private static long number(byte[] b, int n, int from) {
        int i = from;
        while (i < n && (b[i] < '0' || b[i] > '9')) i++;
        long v = 0;
        for (; i < n && b[i] >= '0' && b[i] <= '9'; i++) v = v * 10 + (b[i] - '0');
        return v;
    }

    private static long firstChild(long pid) {
        try {
            String children = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children")).trim();
            return children.isEmpty() ? -1 : Long.parseLong(children.split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long secondField(byte[] b, int n) {
        int i = 0;
        while (i < n && b[i] != ' ') i++;
        long v = 0;
        for (i++; i < n && b[i] >= '0' && b[i] <= '9'; i++) v = v * 10 + (b[i] - '0');
        return v;
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
