package io.stepwise.functions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** cgroup v1: separate memory, cpu, cpuacct (maybe co-mounted with cpu) and pids hierarchies. */
record CgroupV1(Path root) implements Sandbox {
    static boolean usable(Path root) {
        return Sandbox.writable(root.resolve("memory")) && Sandbox.writable(root.resolve("cpu"))
                && Sandbox.writable(root.resolve("pids"));
    }

    @Override
    public Cell create(String envId, int memoryMb) {
        Path mem = dir("memory", envId), cpu = dir("cpu", envId), pids = dir("pids", envId);
        Path acct = Files.isRegularFile(cpu.resolve("cpuacct.usage")) ? cpu
                : Files.isDirectory(root.resolve("cpuacct")) ? dir("cpuacct", envId) : null;
        long bytes = memoryMb * 1024L * 1024L;
        CgroupFiles.write(mem.resolve("memory.limit_in_bytes"), Long.toString(bytes));
        if (Files.exists(mem.resolve("memory.memsw.limit_in_bytes"))) {
            CgroupFiles.write(mem.resolve("memory.memsw.limit_in_bytes"), Long.toString(bytes));
        }
        CgroupFiles.tryWrite(mem.resolve("memory.swappiness"), "0");
        CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(CPU_PERIOD_US));
        CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(Sandbox.cpuQuotaUs(Math.max(memoryMb, 1769))));
        CgroupFiles.write(pids.resolve("pids.max"), Integer.toString(PIDS_MAX));
        List<Path> dirs = new ArrayList<>(List.of(mem, cpu, pids));
        if (acct != null && !acct.equals(cpu)) dirs.add(acct);
        return new V1Cell(dirs, mem, cpu, acct);
    }

    private Path dir(String controller, String envId) {
        try {
            return Files.createDirectories(root.resolve(controller).resolve("stepwise").resolve(envId));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create cgroup " + controller + "/stepwise/" + envId, e);
        }
    }

    private record V1Cell(List<Path> dirs, Path mem, Path cpu, Path acct) implements Cell {
        @Override
        public void limitCpu(int memoryMb) {
            CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(Sandbox.cpuQuotaUs(memoryMb)));
        }

        @Override
        public String enterScript() {
            StringBuilder s = new StringBuilder();
            for (Path d : dirs) s.append("echo $$ > ").append(Sandbox.shellQuote(d.resolve("cgroup.procs").toString())).append(" || exit 97;");
            return s.toString();
        }

        @Override
        public long cpuNanos() {
            return acct == null ? -1 : CgroupFiles.readLong(acct.resolve("cpuacct.usage"));
        }

        @Override
        public long peakMemoryBytes() {
            return CgroupFiles.readLong(mem.resolve("memory.max_usage_in_bytes"));
        }

        @Override
        public void resetPeak() {
            CgroupFiles.tryWrite(mem.resolve("memory.max_usage_in_bytes"), "0");
        }

        @Override
        public boolean oomKilled() {
            for (String line : CgroupFiles.readLines(mem.resolve("memory.oom_control"))) {
                if (line.startsWith("oom_kill ") && !line.endsWith(" 0")) return true;
            }
            return CgroupFiles.readLong(mem.resolve("memory.failcnt")) > 0
                    && CgroupFiles.readLong(mem.resolve("memory.max_usage_in_bytes")) >= CgroupFiles.readLong(mem.resolve("memory.limit_in_bytes")) - 4096 * 64;
        }

        @Override
        public void destroy() {
            for (Path d : dirs) CgroupFiles.killAndRemove(d);
        }
    }
}
