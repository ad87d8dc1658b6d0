package io.stepwise.functions;

/**
 * Fallback when no cgroup is writable: an address-space rlimit (generous: runtimes map far more than they use)
 * and nothing else. {@link Sandbox#detect} warns loudly when this is chosen.
 */
record RlimitSandbox() implements Sandbox {
    @Override
    public Cell create(String envId, int memoryMb) {
        return new Cell() {
            @Override
            public String enterScript() {
                // Virtual memory, not RSS: allow 4x + 1 GB so interpreters start; JVMs and V8 reserve more, so
                // "ulimit -v" failing is tolerated ("|| true").
                long kb = (memoryMb * 4L + 1024) * 1024;
                return "ulimit -v " + kb + " 2>/dev/null || true;";
            }

            @Override public long cpuNanos() { return -1; }
            @Override public long peakMemoryBytes() { return -1; }
            @Override public void resetPeak() {}
            @Override public void limitCpu(int memoryMb) {}
            @Override public boolean oomKilled() { return false; }
            @Override public void destroy() {}
        };
    }
}
