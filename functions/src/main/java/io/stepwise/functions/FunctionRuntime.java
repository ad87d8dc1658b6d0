package io.stepwise.functions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * Runs functions in sandboxed, reusable OS processes speaking the Lambda Runtime API.
 * Design note: {@link EnvironmentPool} decides warm/cold/throttle; each environment owns a port on
 * {@link RuntimeApi}, a {@link Sandbox.Cell} and its own /tmp ({@link EphemeralStorage}). An invocation is queued into the environment's
 * inbox; the runtime's {@code /next} takes it (that instant starts Duration and the deadline); the response, error,
 * deadline or process exit completes it. Anything but a response or handler error kills the environment, so the
 * next call gets a fresh one.
 */
public final class FunctionRuntime implements AutoCloseable {
    private static final long INIT_TIMEOUT_MS = 10_000;
    private static final long LOG_DRAIN_MAX_NANOS = 1_000_000_000; // only reached when the host starves the log pump
    private static EphemeralStorage detectedStorage;

    private static final Map<List<Object>, Namespace> detectedNamespaces = new HashMap<>();

    private static synchronized EphemeralStorage detectedStorage(Path dataDir) {
        if (detectedStorage == null) detectedStorage = EphemeralStorage.detect(dataDir.resolve("envs"));
        return detectedStorage;
    }

    /** Probed once per JVM (and storage kind, sandbox user): probing starts processes, and its WARN should show once. */
    private static synchronized Namespace detectedNamespace(EphemeralStorage storage, RuntimeConfig config) {
        return detectedNamespaces.computeIfAbsent(List.of(storage, config.sandboxUser()),
                k -> Namespace.detect(storage, config.sandboxUser(), config.dataDir().resolve("envs")));
    }

    private final RuntimeConfig config;
    private final LogStore logs;
    private final RuntimeApi api;
    private final RuntimeCommands commands;
    final EnvironmentPool pool;
    private final Sandbox sandbox;
    private final EphemeralStorage storage;
    private final Namespace namespace;
    private final Optional<FunctionNetwork> network;
    RootFs rootFs;   // set once here; tests may give it a mount that fails
    private final List<String> seccomp;   // the filter's command, empty without one
    private final Thread reaper;
    /**
     * The threads that start environments' processes. Each process asks the kernel (setpriv --pdeathsig) to be killed
     * when the thread that started it ends: these threads end only with the runtime or with the server's process, so a
     * server killed with SIGKILL takes its environments with it (unshare's --kill-child then empties each namespace).
     * Several, so that a burst of cold starts does not queue behind one; platform threads that never time out.
     */
    private final java.util.concurrent.ExecutorService starters = java.util.concurrent.Executors.newFixedThreadPool(4,
            Thread.ofPlatform().daemon().name("env-starter-", 0).factory());
    private final Optional<String> pdeathsig = Namespace.isRoot() ? Namespace.tool("setpriv") : Optional.empty();
    private final Map<String, FunctionMeters> meters = new ConcurrentHashMap<>();

    public FunctionRuntime(RuntimeConfig config) {
        this(config, Sandbox.detect(Path.of("/sys/fs/cgroup")));
    }

    FunctionRuntime(RuntimeConfig config, Sandbox sandbox) {
        this(config, sandbox, detectedStorage(config.dataDir()));
    }

    FunctionRuntime(RuntimeConfig config, Sandbox sandbox, EphemeralStorage storage) {
        this.config = config;
        this.sandbox = sandbox;
        this.storage = storage;
        deleteTree(config.dataDir().resolve("envs")); // /tmp images of environments of an earlier run
        this.namespace = detectedNamespace(storage, config);
        if (namespace.runAs().isEmpty()) {
            String why = namespace.unconfinedReason(config.sandboxUser());
            if (!config.unsafeNoSandbox()) throw new SandboxUnavailableException("cannot sandbox function code on this "
                    + "host: " + why + " (Or, knowing that functions then run as the server's user " + System.getProperty("user.name")
                    + " and can read and change whatever it can, start with --unsafe-no-sandbox.)");
            LoggerFactory.getLogger(FunctionRuntime.class).warn("!!! sandbox: function code runs as the SERVER'S USER ({}), "
                    + "as --unsafe-no-sandbox asked: it can signal the server and read or write whatever the server can. {} !!!",
                    System.getProperty("user.name"), why);
        }
        // user namespaces cannot link a network namespace to the host: functions of a server that is not root share its network
        this.network = namespace.runAs().isPresent() && !namespace.userns() ? FunctionNetwork.detect() : Optional.empty();
        this.rootFs = RootFs.create(config.dataDir().resolve("rootfs"), config.sandboxUser());
        this.logs = new LogStore(config.dataDir().resolve("logs"), 8L << 20);
        this.commands = new RuntimeCommands(config.dataDir().resolve("runtime"));
        this.seccomp = namespace.runAs().isPresent() ? checkedSeccomp(commands) : List.of();
        this.api = new RuntimeApi((env, inv) -> delivered(env, inv));
        this.pool = new EnvironmentPool(config, this::launch, this::stop);
        this.reaper = Thread.ofVirtual().name("env-reaper").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                pool.reapIdle();
            }
        });
    }

    private static Boolean seccompWorks;   // probed once per JVM

    /** Python functions' bootstrap installs the filter itself (see bootstrap.py), when their Python has ctypes. */
    private boolean filteredByBootstrap(FunctionSpec fn) {
        return !seccomp.isEmpty() && fn.runtime().startsWith("python3") && commands.pythonInstallsSeccomp();
    }

    /** The seccomp filter's command if it really installs here (tried once), else none, said once. */
    private static synchronized List<String> checkedSeccomp(RuntimeCommands commands) {
        Optional<List<String>> filter = commands.seccomp();
        if (seccompWorks == null) seccompWorks = probeSeccomp(filter);
        return seccompWorks ? filter.orElseThrow() : List.of();
    }

    private static boolean probeSeccomp(Optional<List<String>> filter) {
        var log = LoggerFactory.getLogger(FunctionRuntime.class);
        String why = "no Python 3 on this x86_64 host to install it with";
        if (Boolean.getBoolean("stepwise.noSeccomp")) {
            why = "turned off with -Dstepwise.noSeccomp=true (for measurements)";
        } else if (filter.isPresent()) {
            List<String> probe = new ArrayList<>(List.of(Namespace.tool("setpriv").orElse("setpriv"), "--no-new-privs", "--"));
            probe.addAll(filter.get());
            probe.addAll(List.of("/bin/sh", "-c", "grep -q '^Seccomp:[[:space:]]*2' /proc/self/status"));
            try {
                Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor() == 0) {
                    log.info("sandbox: functions run under a seccomp filter (no new namespaces, mounts, modules, bpf, keyrings...)");
                    return true;
                }
                why = "the filter did not install: " + out;
            } catch (IOException e) {
                why = e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why = "interrupted";
            }
        } else if (!System.getProperty("os.arch").equals("amd64")) {
            why = "the filter is written for x86_64, this is " + System.getProperty("os.arch");
        }
        log.warn("sandbox: NO SECCOMP FILTER ({}): functions may make any system call their user may", why);
        return false;
    }

    public LogStore logs() {
        return logs;
    }

    /** Code or configuration changed, or the function was deleted: stop idle environments, retire busy ones. */
    public void retire(String functionName) {
        pool.retire(functionName);
    }

    public InvocationResult invoke(FunctionSpec fn, InvokeRequest request) throws TooManyRequestsException {
        EnvironmentPool.Lease lease = pool.acquire(fn);
        Environment env = lease.env();
        String requestId = request.requestId().orElseGet(FunctionRuntime::requestId);
        var inv = new Invocation(requestId, fn.functionArn(), request.payload(), request.clientContext(), fn.timeoutSeconds() * 1000L);
        if (lease.cold()) inv.delivered.whenComplete((at, e) -> lease.initialised());   // its start slot is free
        if (!lease.cold()) env.beginInvocationLog();   // a new environment's log so far (its start) belongs to this call
        env.inbox.add(inv);
        Outcome outcome;
        try {
            outcome = await(env, inv);
        } finally {
            lease.initialised();   // undelivered (init failed, timed out): the slot is free all the same
        }
        long end = System.nanoTime();
        long runDelay = inv.runDelayAtDeliveryNanos >= 0 && env.alive() ? env.runDelayNanos() - inv.runDelayAtDeliveryNanos : 0;
        long cpu1 = env.cpuAtExitNanos >= 0 ? env.cpuAtExitNanos : env.cell.cpuNanos();
        // Max Memory Used: the larger of the cgroup's peak (it also sees processes that exited, tmpfs pages) and the
        // runtime tree's peak RSS, read before a kill below; every runtime is measured this one way.
        long peak = Math.max(env.peakAtExitBytes >= 0 ? env.peakAtExitBytes : env.cell.peakMemoryBytes(), env.peakRssBytes());
        boolean healthy = outcome instanceof Outcome.Response || outcome instanceof Outcome.HandlerError;
        if (!healthy) env.kill();
        else if (storage.checkedAfterInvoke() && tmpUsageMb(env.tmp) > EphemeralStorage.sizeMb(fn)) {
            env.platformLog("[stepwise] /tmp over " + fn.ephemeralStorageMb() + " MB: environment discarded");
            healthy = false;
            env.kill();
        }
        Metering m = Metrics.meter(fn, lease.cold(), env, inv, end, Math.max(0, runDelay), cpu1 >= 0 && inv.cpuAtDeliveryNanos >= 0 ? cpu1 - inv.cpuAtDeliveryNanos : -1, peak,
                outcome instanceof Outcome.TimedOut ? fn.timeoutSeconds() * 1000.0 : 0);
        Result r = result(fn, env, inv, outcome, m);
        // The runtime wrote its output before posting the response: let the log pump catch up so it precedes END.
        env.drainLogs(LOG_DRAIN_MAX_NANOS);
        env.platformLog("END RequestId: " + requestId + "\n" + Metrics.reportLine(requestId, m)); // one write

        pool.release(env, healthy);
        count(fn, r.errorType(), m);
        return new InvocationResult(requestId, fn.version(), r.payload(), r.errorType(),
                request.tailLog() ? Optional.of(Base64.getEncoder().encodeToString(env.tail().getBytes(StandardCharsets.UTF_8)))
                        : Optional.empty(), m);
    }

    /**
     * A random (version 4) UUID from ThreadLocalRandom: UUID.randomUUID() draws from one shared SecureRandom, a lock
     * that 100 concurrent callers queue on. Request ids are not secrets (a Runtime API port only serves its own).
     */
    private static String requestId() {
        var r = java.util.concurrent.ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    private record Result(byte[] payload, Optional<String> errorType) {}

    /**
     * Waits for the invocation's outcome. Before delivery the environment is initialising: Lambda gives init 10 s, and
     * when init takes longer it retries it within the invocation, under the function's timeout; so a cold start may
     * take up to 10 s plus the timeout before the invocation times out (a burst of cold starts on a small host does).
     */
    private Outcome await(Environment env, Invocation inv) {
        try {
            CompletableFuture.anyOf(inv.delivered, inv.outcome).get(INIT_TIMEOUT_MS + inv.timeoutMs,
                    TimeUnit.MILLISECONDS);
            if (inv.outcome.isDone()) return inv.outcome.get();
            long remaining = inv.deadlineEpochMs - System.currentTimeMillis();
            return inv.outcome.get(Math.max(0, remaining), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            inv.outcome.complete(new Outcome.TimedOut());
            return inv.outcome.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            inv.outcome.complete(new Outcome.Exited(-1, false));
            return inv.outcome.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private Result result(FunctionSpec fn, Environment env, Invocation inv, Outcome outcome, Metering m) {
        String id = inv.requestId;
        return switch (outcome) {
            case Outcome.Response r -> new Result(r.body(), Optional.empty());
            case Outcome.HandlerError e -> new Result(e.body(), Optional.of(e.errorType()));
            case Outcome.InitError e -> {
                env.platformLog("INIT_REPORT Init Duration: %.2f ms\tPhase: init\tStatus: error\tError Type: %s"
                        .formatted(m.initDurationMs().orElse(0), e.declaredType()));
                yield new Result(e.body(), Optional.of(e.errorType()));
            }
            case Outcome.TooLarge t -> platformError(env, "Function.ResponseSizeTooLarge",
                    "Response payload size exceeded maximum allowed payload size (6291556 bytes).");
            case Outcome.TimedOut t -> platformError(env, "Sandbox.Timedout", "%s %s Task timed out after %d.00 seconds"
                    .formatted(Instant.now().toString(), id, fn.timeoutSeconds()));
            case Outcome.Exited x when x.outOfMemory() -> platformError(env, "Runtime.OutOfMemory",
                    "RequestId: " + id + " Error: Runtime exited with error: signal: killed");
            case Outcome.Exited x when x.exitCode() == Namespace.SETUP_EXIT && env.initDoneNanos < 0 && setupFailure(env).isPresent() ->
                    platformError(env, "Runtime.ExitError", "RequestId: " + id + " Error: the environment could not enter "
                            + "its sandbox, so the function did not run: " + setupFailure(env).get());
            case Outcome.Exited x -> platformError(env, "Runtime.ExitError", "RequestId: " + id
                    + " Error: Runtime exited with error: " + (x.exitCode() > 128 ? "signal: " + signal(x.exitCode() - 128)
                    : "exit status " + x.exitCode()));
        };
    }

    /** What the sandbox set-up said before it gave up (its line, and the failing tool's line before it). */
    private static Optional<String> setupFailure(Environment env) {
        env.awaitLogEnd(LOG_DRAIN_MAX_NANOS);
        List<String> lines = env.tail().lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String l = lines.get(i);
            if (l.startsWith(Namespace.SETUP_FAILED)) {
                String what = l.substring(Namespace.SETUP_FAILED.length());
                // the failing tool's own line: the nearest before, not a continuation (mount's indented dmesg hint)
                for (int j = i - 1; j >= 0; j--) {
                    String before = lines.get(j);
                    if (!before.isBlank() && !Character.isWhitespace(before.charAt(0))) return Optional.of(what + " (" + before.strip() + ")");
                }
                return Optional.of(what);
            }
        }
        return Optional.empty();
    }

    private static String signal(int n) {
        return switch (n) {
            case 9 -> "killed";
            case 11 -> "segmentation fault";
            case 6 -> "aborted";
            case 15 -> "terminated";
            default -> "signal " + n;
        };
    }

    private static Result platformError(Environment env, String type, String message) {
        env.platformLog(message);
        String json = "{\"errorMessage\":" + Metrics.jsonString(message) + ",\"errorType\":\"" + type + "\"}";
        return new Result(json.getBytes(StandardCharsets.UTF_8), Optional.of(type));
    }

    /** Metrics only: the invocation's record is the caller's to keep ({@link Functions} persists one per invocation). */
    private void count(FunctionSpec fn, Optional<String> errorType, Metering m) {
        FunctionMeters fm = meters.computeIfAbsent(fn.name(), name -> new FunctionMeters(config.meters(), name));
        fm.invocations.increment();
        errorType.ifPresent(t -> Counter.builder("stepwise.function.errors").tag("function", fn.name())
                .tag("type", t).register(config.meters()).increment());
        if (m.coldStart()) fm.coldStarts.increment();
        fm.duration.record((long) (m.durationMs() * 1_000_000), TimeUnit.NANOSECONDS);
    }

    /** Registered once per function: looking meters up by name and tags on every invocation is measurable. */
    private record FunctionMeters(Counter invocations, Counter coldStarts, Timer duration) {
        FunctionMeters(io.micrometer.core.instrument.MeterRegistry r, String fn) {
            this(Counter.builder("stepwise.function.invocations").tag("function", fn).register(r),
                    Counter.builder("stepwise.function.cold.starts").tag("function", fn).register(r),
                    Timer.builder("stepwise.function.duration").tag("function", fn).register(r));
        }
    }

    private void delivered(Environment env, Invocation inv) {
        long now = System.nanoTime();
        if (env.initDoneNanos < 0) {
            env.initDoneNanos = now;
            env.cell.limitCpu(env.fn.memoryMb());
        }
        env.cell.resetPeak();
        inv.cpuAtDeliveryNanos = env.cell.cpuNanos();
        inv.runDelayAtDeliveryNanos = env.runDelayNanos();
        env.state = Environment.State.BUSY;
        env.platformLog("START RequestId: " + inv.requestId + " Version: " + env.fn.version());
        inv.delivered.complete(now);
    }

    private static long tmpUsageMb(Path tmp) {
        try (var files = Files.walk(tmp)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum() >> 20;
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** Starts a new environment's process (called by the pool outside its lock). */
    private Environment launch(FunctionSpec fn, String envId) {
        Path dir = config.dataDir().resolve("envs").resolve(envId);
        Path tmp = storage.visibleTmp(dir);
        List<String> command = new ArrayList<>();
        FunctionNetwork.Lease net = null;
        try {
            if (network.isPresent()) {
                net = network.get().open(fn.network());
                command.addAll(net.enter(network.get().nsenter()));
            }
            List<Path> needs = new ArrayList<>(commands.needs(fn));
            List<String> filter = filteredByBootstrap(fn) ? List.of() : seen(seccomp);
            if (!filter.isEmpty()) needs.addAll(commands.seccompNeeds());
            command.addAll(namespace.prefix(dir, EphemeralStorage.sizeMb(fn), fn.codeDir(), commands.runtimeDir(), needs,
                    rootFs.withLayers(fn.layersDir()), filter));
            command.addAll(commands.command(fn, tmp, seenTaskRoot(fn), seenRuntimeDir(), seenLayers(fn)));
        } catch (IOException | RuntimeException e) {
            if (net != null) network.get().close(net);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        Sandbox.Cell cell;
        try {
            cell = sandbox.create(envId, fn.memoryMb());
        } catch (RuntimeException e) {
            if (net != null) network.get().close(net);
            throw e;
        }
        var env = new Environment(envId, fn, cell, dir, tmp, logs::append);
        env.runtimeDepth = namespace.runtimeDepth();   // nsenter --net execs: no process of its own
        env.network = net;
        if (net != null) env.apiHost = net.hostAddress();
        try {   // from here on stop() takes back whatever was set up: network, API access, Runtime API port, cell
            env.apiEndpoint = config.apiAccess().open(envId, Optional.ofNullable(net).map(FunctionNetwork.Lease::hostAddress), env.credentials);
            env.port = api.open(env, env.apiHost, net == null ? 0 : FunctionNetwork.RUNTIME_API_PORT);
            List<String> wrapped = new ArrayList<>();
            // as root only: entering a user namespace changes credentials, which clears the parent-death signal
            pdeathsig.ifPresent(setpriv -> wrapped.addAll(List.of(setpriv, "--pdeathsig", "KILL", "--")));
            wrapped.addAll(Sandbox.wrap(cell, command));
            var pb = new ProcessBuilder(wrapped).directory(fn.codeDir().toFile()).redirectErrorStream(true);
            Map<String, String> vars = pb.environment();
            vars.clear();
            vars.putAll(environment(fn, env));
            env.process = start(pb);
        } catch (IOException | RuntimeException e) {
            stop(env);
            throw e instanceof IOException io ? new UncheckedIOException("cannot start runtime " + fn.runtime(), io) : (RuntimeException) e;
        }
        env.pumpLogs();
        env.process.onExit().thenRun(() -> exited(env));
        return env;
    }

    /** The task root as the runtime sees it: /var/task in its own root, as on Lambda; the host's path without one. */
    private Path seenTaskRoot(FunctionSpec fn) {
        return namespace.pivots() ? RootFs.TASK_ROOT : fn.codeDir();
    }

    /** The function's merged layers as the runtime sees them: /opt in its own root, as on Lambda; their host directory without one. */
    private Optional<Path> seenLayers(FunctionSpec fn) {
        return namespace.pivots() ? fn.layersDir().map(l -> RootFs.OPT) : fn.layersDir();
    }

    /** Our bootstraps' directory as the runtime sees it: /var/runtime in its own root. */
    private Path seenRuntimeDir() {
        return namespace.pivots() ? RootFs.RUNTIME_DIR : commands.runtimeDir();
    }

    /** A command with our bootstraps' directory as the runtime sees it. */
    private List<String> seen(List<String> command) {
        String host = commands.runtimeDir() + "/", inside = seenRuntimeDir() + "/";
        return command.stream().map(a -> a.startsWith(host) ? inside + a.substring(host.length()) : a).toList();
    }

    /** Starts the process on one of {@link #starters}. */
    private Process start(ProcessBuilder pb) throws IOException {
        try {
            return starters.submit(pb::start).get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting an environment", e);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("the function runtime is closed", e);
        }
    }

    private void exited(Environment env) {
        int code = env.process.exitValue();
        boolean oom = env.cell.oomKilled();
        env.cpuAtExitNanos = env.cell.cpuNanos();
        env.peakAtExitBytes = env.cell.peakMemoryBytes();
        Outcome o = env.initError != null ? env.initError : new Outcome.Exited(code, oom);
        Invocation cur = env.current;
        if (cur != null) cur.outcome.complete(o);
        Invocation pending;
        while ((pending = env.inbox.poll()) != null) pending.outcome.complete(o);
        if (env.state != Environment.State.DEAD) pool.release(env, false);
    }

    Map<String, String> environment(FunctionSpec fn, Environment env) {
        Map<String, String> v = new HashMap<>(fn.environment());
        String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString().replace('-', '/');
        v.put("PATH", String.join(":", commands.pathDirs()));
        v.put("LANG", "C.UTF-8");
        v.put("AWS_LAMBDA_RUNTIME_API", env.apiHost + ":" + env.port);
        v.put("_HANDLER", fn.handler());
        v.put("LAMBDA_TASK_ROOT", seenTaskRoot(fn).toString());
        v.put("LAMBDA_RUNTIME_DIR", seenRuntimeDir().toString());
        v.put("AWS_LAMBDA_FUNCTION_NAME", fn.name());
        v.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(fn.memoryMb()));
        v.put("AWS_LAMBDA_FUNCTION_VERSION", fn.version());
        v.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + fn.name());
        v.put("AWS_LAMBDA_LOG_STREAM_NAME", day + "/[" + fn.version() + "]" + env.id.replaceAll(".*-", ""));
        v.put("AWS_REGION", config.region());
        v.put("AWS_DEFAULT_REGION", config.region());
        v.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + fn.runtime());
        v.put("TZ", ":UTC");
        // as Lambda gives the execution role's credentials; the endpoint is the server's own API
        v.put("AWS_ACCESS_KEY_ID", env.credentials.accessKeyId());
        v.put("AWS_SECRET_ACCESS_KEY", env.credentials.secretAccessKey());
        v.put("AWS_SESSION_TOKEN", env.credentials.sessionToken());
        env.apiEndpoint.ifPresent(url -> v.put("AWS_ENDPOINT_URL", url));
        v.put("TMPDIR", env.tmp.toString());
        if (filteredByBootstrap(fn)) v.put("_STEPWISE_SECCOMP", seen(List.of(commands.seccompScript().toString())).get(0));
        seenLayers(fn).ifPresent(opt -> layerPaths(fn, opt, v));
        return v;
    }

    /**
     * The search paths Lambda's runtimes give a function's layers: /opt/bin on PATH, /opt/lib on LD_LIBRARY_PATH,
     * /opt/python (and its lib/pythonX.Y/site-packages, X.Y of the runtime named) on the Python path, and
     * /opt/nodejs/node_modules (and nodejs/nodeNN/node_modules) on NODE_PATH. A variable the function sets itself wins.
     */
    private static void layerPaths(FunctionSpec fn, Path opt, Map<String, String> v) {
        v.put("PATH", v.get("PATH") + ":" + opt.resolve("bin"));
        v.putIfAbsent("LD_LIBRARY_PATH", opt.resolve("lib").toString());
        if (fn.runtime().startsWith("python")) {
            v.putIfAbsent("PYTHONPATH", opt.resolve("python/lib/" + fn.runtime() + "/site-packages") + ":" + opt.resolve("python"));
        } else if (fn.runtime().startsWith("nodejs")) {
            String major = fn.runtime().replaceAll("nodejs([0-9]+).*", "node$1");
            v.putIfAbsent("NODE_PATH", opt.resolve("nodejs/" + major + "/node_modules") + ":" + opt.resolve("nodejs/node_modules"));
        }
    }

    private void stop(Environment env) {
        env.kill();
        api.close(env);
        config.apiAccess().close(env.id);
        FunctionNetwork.Lease net;
        synchronized (env) {   // stopped twice (its exit and a kill): the slot may belong to another environment by then
            net = env.network;
            env.network = null;
        }
        if (net != null) network.get().close(net);
        deleteTree(env.dir);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        reaper.interrupt();
        pool.close();
        starters.shutdown();   // after the environments: their processes die with these threads
        api.close();
        logs.close();
        deleteTree(config.dataDir().resolve("rootfs"));
    }
}
