package io.stepwise.functions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespaces an environment's runtime starts in, and who it runs as. Design note: the server starts
 * {@code unshare --mount --pid --fork --kill-child --mount-proc}; in there a root shell, the namespace's init (pid 1),
 * mounts the environment's /tmp and the root it sees ({@link RootFs}), pivots into it, changes into the task
 * root, then runs the runtime as the sandbox user through {@code setpriv} (no groups, no capabilities, no_new_privs,
 * so setuid binaries grant nothing). The shell stays, running the runtime in the foreground: as init it reaps orphans
 * (a zombie would count against pids.max) and exits with the runtime's status, and when the server kills unshare,
 * --kill-child kills init and the kernel every other process of the namespace. Inside, the function sees only its own
 * processes, so the server's pid does not exist for it; cgroups are joined before unshare (see {@link Sandbox}), so
 * the dropped runtime cannot leave them (the cgroup files are root's). Each feature is probed once by really running
 * it; what the host does not allow is left out, with a WARN when functions keep the server's user.
 */
record Namespace(EphemeralStorage storage, String unshare, String mount, String pivotRoot, String umount, boolean pids,
                 Optional<RunAs> runAs, boolean userns) {
    /** The exit status of an environment whose sandbox could not be set up (the seccomp helper's too). */
    static final int SETUP_EXIT = 96;
    /** The start of the line the set-up writes to the function's log before it exits {@link #SETUP_EXIT}. */
    static final String SETUP_FAILED = "stepwise: sandbox set-up failed: ";

    /**
     * Drop to {@code user} with this setpriv (util-linux). As root: switch to the user's ids. Not root
     * ({@code userns}): the namespaces are made in a user namespace of the server's own (where it may mount), and the
     * runtime enters a second one in which the user's ids map to the server's, as bubblewrap and rootless containers do.
     */
    record RunAs(String setpriv, SandboxUser user, boolean userns) {}

    /** A mount namespace only (in a user namespace when the server is not root). */
    static Namespace bare(EphemeralStorage storage) {
        return new Namespace(storage, tool("unshare").orElse("unshare"), tool("mount").orElse("mount"),
                tool("pivot_root").orElse("pivot_root"), tool("umount").orElse("umount"), false, Optional.empty(), !isRoot());
    }

    private Namespace with(boolean pids, Optional<RunAs> runAs) {
        return new Namespace(storage, unshare, mount, pivotRoot, umount, pids, runAs, userns);
    }

    /**
     * Processes between the one the server starts and the runtime, for host-side reads of the runtime's /proc entry:
     * unshare and the namespace's init with a pid namespace, none without.
     */
    int runtimeDepth() {
        return pids && !(storage instanceof EphemeralStorage.SharedDir) ? 2 : 0;
    }

    /**
     * The command prefix that makes the namespaces and then runs the runtime command appended to it; empty without a
     * mount namespace. The runtime sees only the root {@link RootFs} lays out: its task root at /var/task and
     * {@code runtimeDir} (our bootstraps) at /var/runtime, {@code needs} (interpreter prefixes, jar folders) read-only
     * at their own paths, the OS's /usr, a few /etc files, its own /tmp, /dev/shm and /proc; it starts in /var/task.
     */
    List<String> prefix(Path envDir, int sizeMb, Path taskRoot, Path runtimeDir, List<Path> needs, RootFs rootFs) throws IOException {
        return prefix(envDir, sizeMb, taskRoot, runtimeDir, needs, rootFs, List.of());
    }

    /** Whether {@link #prefix} pivots into a root of its own (else the runtime sees the host's paths). */
    boolean pivots() {
        return !(storage instanceof EphemeralStorage.SharedDir);
    }

    /**
     * @param filter a command that installs the seccomp filter and execs the rest ({@link RuntimeCommands#seccomp}), run
     *               after setpriv (no_new_privs is what lets an unprivileged process install one); empty for none
     */
    List<String> prefix(Path envDir, int sizeMb, Path taskRoot, Path runtimeDir, List<Path> needs, RootFs rootFs,
                        List<String> filter) throws IOException {
        Path tmpStage = envDir.resolve("mnt");
        Optional<String> tmpFs = storage.mountCommand(envDir, sizeMb, tmpStage);
        if (tmpFs.isEmpty()) return List.of();
        Files.createDirectories(tmpStage);
        Path root = envDir.resolve("root"), fstab = envDir.resolve("fstab");
        Files.writeString(fstab, rootFs.layout(root, tmpStage, taskRoot, runtimeDir, needs.stream().filter(Files::isDirectory).toList(), pids));
        // m: mount(8) without its utab, which it may not write in a user namespace (and nothing here reads)
        // fail: a line FunctionRuntime recognises (SETUP_FAILED), then the exit status that says the set-up failed
        List<String> sh = new ArrayList<>(List.of("umask 022; M=" + q(mount) + "; m() { \"$M\" -n \"$@\"; }; "
                + "fail() { echo \"" + SETUP_FAILED + "$1\" >&2; exit " + SETUP_EXIT + "; }"));
        sh.add(tmpFs.get() + " && chmod 1777 " + q(tmpStage) + " || fail 'mounting its /tmp'");
        sh.add("m -a -T " + q(fstab) + " || fail 'mounting its root'");
        // As on Lambda the root is read-only: only /tmp and /dev/shm (the environment's own) are writable.
        sh.add("m -o remount,bind,ro " + q(root) + " || fail 'making its root read-only'");
        // The host's tree is detached: nothing of it stays reachable, not even through ".." of the working directory.
        sh.add("cd " + q(root) + " && " + q(pivotRoot) + " . .old && " + q(umount) + " -n -l /.old || fail 'pivoting into its root'");
        sh.add("cd " + q(RootFs.TASK_ROOT) + " || fail 'entering its task root'");
        String run = runAs.map(r -> r.userns()
                // the runtime's ids map to this namespace's root, the server's user: no capability survives the exec
                ? q(unshare) + " --user --map-user=" + r.user().uid() + " --map-group=" + r.user().gid() + " "
                        + q(r.setpriv()) + " --inh-caps=-all --no-new-privs -- "
                : q(r.setpriv()) + " --reuid=" + r.user().uid() + " --regid=" + r.user().gid()
                        + " --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs -- ").orElse("")
                + (runAs.isPresent() ? String.join("", filter.stream().map(w -> q(w) + " ").toList()) : "") + "\"$@\"";
        // As init the shell waits for the runtime; its own stderr goes nowhere (no "Killed" line in the function's log).
        sh.add(pids ? "exec 3>&2 2>/dev/null; " + run + " 2>&3 3>&-" : "exec " + run);
        List<String> cmd = new ArrayList<>(List.of(unshare));
        if (userns) cmd.addAll(List.of("--user", "--map-root-user"));
        // IPC: SysV shared memory, semaphores and message queues are per IPC namespace; all environments share one uid,
        // so without it one could attach to another's segments. UTS: a hostname of its own to change (it cannot: no caps).
        cmd.addAll(List.of("--mount", "--propagation", "private", "--ipc", "--uts"));
        if (pids) cmd.addAll(List.of("--pid", "--fork", "--kill-child"));
        cmd.addAll(List.of("/bin/sh", "-c", String.join("\n", sh), "init"));
        return cmd;
    }

    /**
     * Picks the most this host allows for {@code storage}, by really running it: as root, the sandbox user's ids in a
     * mount and pid namespace; otherwise the same inside user namespaces. Without {@link #runAs} functions would run as
     * the server's user: {@link FunctionRuntime} refuses that unless told it is wanted.
     */
    static Namespace detect(EphemeralStorage storage, SandboxUser user, Path scratch) {
        Logger log = LoggerFactory.getLogger(Namespace.class);
        Namespace bare = bare(storage);
        Optional<String> setpriv = tool("setpriv");
        Namespace ns = bare;
        if (!(storage instanceof EphemeralStorage.SharedDir)) {
            Optional<RunAs> runAs = setpriv.map(p -> new RunAs(p, user, !isRoot()));
            ns = Stream.of(bare.with(true, runAs), bare.with(false, runAs), bare.with(true, Optional.empty()))
                    .filter(n -> n.works(scratch)).findFirst().orElse(bare);
            if (!ns.pids) log.warn("sandbox: no pid namespace (unshare --pid failed here): functions see the host's processes");
        }
        if (ns.runAs.isPresent()) {
            log.info("sandbox: functions run as uid:gid {} in their own mount{} namespace{}", user, ns.pids ? " and pid" : "",
                    ns.userns ? ", inside user namespaces (the server is not root: its own user on the host)" : "");
        }
        return ns;
    }

    /** Why {@link #detect} found no way to run functions as another user, and what would fix it. */
    String unconfinedReason(SandboxUser user) {
        if (storage instanceof EphemeralStorage.SharedDir) {
            return (isRoot() ? "unshare or mount (util-linux) failed: cannot make a private mount namespace."
                    : "cannot make a user namespace to mount in: the kernel or a security module forbids unprivileged "
                    + "user namespaces here (sysctl user.max_user_namespaces, kernel.unprivileged_userns_clone, "
                    + "AppArmor's restrict_unprivileged_userns).")
                    + " Run the server as root, or allow unprivileged user namespaces.";
        }
        if (tool("setpriv").isEmpty()) return "setpriv (util-linux) is missing: install util-linux.";
        return isRoot() ? "setpriv --reuid=" + user + " failed here (is the sandbox user valid? STEPWISE_SANDBOX_USER)."
                : "unshare --user --map-user failed here: util-linux 2.38 or newer is needed, and user namespaces allowed.";
    }

    /**
     * Runs a tiny runtime inside: /tmp mounted and writable, the pid namespace and the user as asked for. The file it
     * writes gets a fresh name: a fixed one may exist in the new /tmp as a directory, the bind target of a scratch
     * folder that lies under the host's /tmp (a data folder at /tmp/probe/data made every check fail, and the server
     * ran functions as itself).
     */
    boolean works(Path scratch) {
        String check = "echo ok > \"$(mktemp /tmp/stepwise-check.XXXXXXXX)\" && test \"$(df -P /tmp | awk 'NR==2{print $2}')\" -lt 65536"
                + (pids ? " && test $PPID = 1" : "") + runAs.map(r -> " && test \"$(id -u):$(id -g)\" = " + r.user()).orElse("");
        Path dir = scratch.resolve("probe-" + System.nanoTime());
        try {
            Files.createDirectories(dir.resolve("code"));
            RootFs rootFs = RootFs.create(dir.resolve("rootfs"), runAs.map(RunAs::user).orElse(SandboxUser.fromEnvironment()));
            List<String> cmd = new ArrayList<>(prefix(dir.resolve("env"), EphemeralStorage.MIN_MB, dir.resolve("code"), dir.resolve("code"), List.of(), rootFs));
            if (cmd.isEmpty()) return false;
            cmd.addAll(List.of("/bin/sh", "-c", check));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | RuntimeException ignored) {
                // best effort
            }
        }
    }

    static boolean isRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static Optional<String> tool(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))
                .filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    private static String q(Object s) {
        return Sandbox.shellQuote(s.toString());
    }
}
