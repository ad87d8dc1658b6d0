package io.stepwise.functions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** cgroup v2: one unified hierarchy; controllers enabled for our subtree through cgroup.subtree_control. */
record CgroupV2(Path root) implements Sandbox {
    static boolean usable(Path root) {
        Path controllers = root.resolve("cgroup.controllers");
        if (!Files.isRegularFile(controllers) || !Files.isWritable(root)) return false;
        String c = String.join(" ", CgroupFiles.readLines(controllers));
        return c.contains("memory") && c.contains("cpu") && c.contains("pids");
    }

    @Override
    public Cell create(String envId, int memoryMb) {
        Path parent = root.resolve("stepwise");
        try {
            Files.createDirectories(parent);
            CgroupFiles.tryWrite(root.resolve("cgroup.subtree_control"), "+memory +cpu +pids");
            CgroupFiles.tryWrite(parent.resolve("cgroup.subtree_control"), "+memory +cpu +pids");
            Path dir = Files.createDirectories(parent.resolve(envId));
            long bytes = memoryMb * 1024L * 1024L;
            CgroupFiles.write(dir.resolve("memory.max"), Long.toString(bytes));
            CgroupFiles.tryWrite(dir.resolve("memory.swap.max"), "0");
            CgroupFiles.write(dir.resolve("cpu.max"), Sandbox.cpuQuotaUs(Math.max(memoryMb, 1769)) + " " + CPU_PERIOD_US);
            CgroupFiles.write(dir.resolve("pids.max"), Integer.toString(PIDS_MAX));
            return new V2Cell(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create cgroup v2 stepwise/" + envId, e);
        }
    }

    private record V2Cell(Path dir) implements Cell {
        @Override
        public void limitCpu(int memoryMb) {
            CgroupFiles.write(dir.resolve("cpu.max"), Sandbox.cpuQuotaUs(memoryMb) + " " + CPU_PERIOD_US);
        }

        @Override
        public String enterScript() {
            return "echo $$ > " + Sandbox.shellQuote(dir.resolve("cgroup.procs").toString()) + " || exit 97;";
        }

        @Override
        public long cpuNanos() {
            for (String line : CgroupFiles.readLines(dir.resolve("cpu.stat"))) {
                if (line.startsWith("usage_usec ")) return Long.parseLong(line.substring(11).trim()) * 1000;
            }
            return -1;
        }

        @Override
        public long peakMemoryBytes() {
            long peak = CgroupFiles.readLong(dir.resolve("memory.peak"));
            return peak >= 0 ? peak : CgroupFiles.readLong(dir.resolve("memory.current"));
        }

        @Override
        public void resetPeak() {
            CgroupFiles.tryWrite(dir.resolve("memory.peak"), "0"); // resettable since Linux 6.12
        }

        @Override
        public boolean oomKilled() {
            for (String line : CgroupFiles.readLines(dir.resolve("memory.events"))) {
                if (line.startsWith("oom_kill ") && !line.endsWith(" 0")) return true;
            }
            return false;
        }

        @Override
        public void destroy() {
            CgroupFiles.killAndRemove(dir);
        }
    }
}
