package io.stepwise.functions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an environment's process is limited. Design note (see docs/functions-runtime.md):
 * each environment gets its own cgroup {@code stepwise/<env-id>} in every controller we use; the process is
 * launched as {@code /bin/sh -c 'echo $$ > <cgroup>/cgroup.procs ...; exec <runtime>'} so it is inside its
 * cgroup before the runtime's first instruction, and every child it forks inherits the cgroup.
 * <ul>
 *   <li>memory: the function's memory, swap off (memsw / memory.swap.max), so exceeding it OOM-kills;</li>
 *   <li>cpu: CFS quota = period x memory / 1769 MB (one vCPU at 1,769 MB, as Lambda), floor 1 ms;</li>
 *   <li>pids: 1024 tasks (Lambda's process/thread limit), which contains fork bombs.</li>
 * </ul>
 * v1 is preferred when its controllers are writable (this kind of host), then v2; with neither we fall back to
 * rlimits through the wrapper shell and warn loudly: memory is then only an address-space bound and CPU is unshared.
 */
sealed interface Sandbox permits CgroupV1, CgroupV2, RlimitSandbox {
    int PIDS_MAX = 1024;
    long CPU_PERIOD_US = 100_000;

    /** Creates the limits for one environment. */
    Cell create(String envId, int memoryMb);

    /** One environment's limits. */
    interface Cell {
        /** Shell prefix run before exec-ing the runtime (it may enter cgroups, set ulimits). */
        String enterScript();

        /** CPU time consumed so far by the environment's processes, in nanoseconds; -1 if unknown. */
        long cpuNanos();

        /** Peak memory since the last {@link #resetPeak}, in bytes; -1 if unknown. */
        long peakMemoryBytes();

        void resetPeak();

        /** Sets the CPU quota for this memory size (environments start with one full vCPU for init, as Lambda's init boost). */
        void limitCpu(int memoryMb);

        boolean oomKilled();

        /** Kills whatever is left in the cell and removes it. */
        void destroy();
    }

    static long cpuQuotaUs(int memoryMb) {
        return Math.max(1000, CPU_PERIOD_US * memoryMb / 1769);
    }

    static Sandbox detect(Path cgroupRoot) {
        Logger log = LoggerFactory.getLogger(Sandbox.class);
        if (CgroupV1.usable(cgroupRoot)) {
            log.info("sandbox: cgroup v1 under {}", cgroupRoot);
            return new CgroupV1(cgroupRoot);
        }
        if (CgroupV2.usable(cgroupRoot)) {
            log.info("sandbox: cgroup v2 under {}", cgroupRoot);
            return new CgroupV2(cgroupRoot);
        }
        log.warn("""
                !!! sandbox: NO WRITABLE CGROUP under {}: falling back to rlimits. Function memory is only bounded \
                as address space (python/provided), CPU is NOT shared by memory size and fork bombs are NOT contained. \
                Run as root on a host with writable cgroups for real limits. !!!""", cgroupRoot);
        return new RlimitSandbox();
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static boolean writable(Path p) {
        return Files.isDirectory(p) && Files.isWritable(p);
    }

    static List<String> wrap(Cell cell, List<String> command) {
        var out = new java.util.ArrayList<String>(List.of("/bin/sh", "-c", cell.enterScript() + " exec \"$@\"", "sandbox"));
        out.addAll(command);
        return out;
    }
}
