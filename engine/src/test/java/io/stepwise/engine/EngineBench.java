package io.stepwise.engine;

import io.stepwise.store.Database;
import io.stepwise.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Committed state transitions per second: {@code callers} concurrent clients each start a standard execution of a
 * 10-state Pass/Choice machine and wait until StartExecution answers (the whole execution is one step, so it answers
 * when its history is committed), again and again. In the same run, the same load on express executions (in memory,
 * nothing written) is the baseline the durable figure is compared with. Not a test: a command, see
 * docs/benchmarks.md.
 *
 * <pre>java ... io.stepwise.engine.EngineBench [sqlite|jdbc:postgresql://...] [callers] [seconds]</pre>
 * {@code EngineBench memory [n]} instead measures the heap an in-flight express execution holds: n executions
 * waiting in a Wait state, heap after a full GC before and after.
 */
public final class EngineBench {
    static final String MACHINE = """
            {"Comment": "10 states: Pass and Choice", "StartAt": "P1", "States": {
              "P1": {"Type": "Pass", "Result": 1, "ResultPath": "$.n", "Next": "C1"},
              "C1": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "P2"}], "Default": "P6"},
              "P2": {"Type": "Pass", "Parameters": {"n.$": "$.n", "step": 2}, "Next": "P3"},
              "P3": {"Type": "Pass", "ResultPath": "$.copy", "Next": "C2"},
              "C2": {"Type": "Choice", "Choices": [{"Variable": "$.step", "NumericGreaterThan": 1, "Next": "P4"}],
                     "Default": "P6"},
              "P4": {"Type": "Pass", "Result": {"ok": true}, "ResultPath": "$.r", "Next": "P5"},
              "P5": {"Type": "Pass", "OutputPath": "$.r", "Next": "C3"},
              "C3": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "P6"}],
                     "Default": "P6"},
              "P6": {"Type": "Pass", "Result": "done", "Next": "S"},
              "S": {"Type": "Succeed"}}}""";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("memory")) {
            memory(args.length > 1 ? Integer.parseInt(args[1]) : 10_000);
            return;
        }
        String where = args.length > 0 ? args[0] : "sqlite";
        int callers = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("engine-bench");
        StoreConfig store = where.equals("sqlite") ? new StoreConfig.Embedded(dir) : new StoreConfig.Postgres(where);
        try (Database db = Database.open(store);
             Engine engine = Engine.open(EngineConfig.defaults(InstantSource.system()), db, LambdaInvoker.NONE, new MemoryBuckets())) {
            String standard = engine.machines().create("bench-standard", MACHINE, "arn:aws:iam::123456789012:role/b",
                    Machine.Type.STANDARD, Optional.empty(), Optional.empty(), Map.of(), false, Optional.empty()).arn();
            String express = engine.machines().create("bench-express", MACHINE, "arn:aws:iam::123456789012:role/b",
                    Machine.Type.EXPRESS, Optional.empty(), Optional.empty(), Map.of(), false, Optional.empty()).arn();
            System.out.printf("store %s, %d callers, %d s per run, %d cores%n", where.startsWith("jdbc") ? "postgresql"
                    : "sqlite", callers, seconds, Runtime.getRuntime().availableProcessors());
            run(engine, express, callers, 2, true);                          // warm-up
            run(engine, standard, callers, 2, false);
            double baseline = run(engine, express, callers, seconds, true);
            long[] before = engine.commitCounts();
            double durable = run(engine, standard, callers, seconds, false);
            long[] after = engine.commitCounts();
            double group = (double) (after[1] - before[1]) / Math.max(1, after[0] - before[0]);
            System.out.printf("express (in memory, baseline): %,.0f transitions/s%n", baseline);
            System.out.printf("standard (committed):          %,.0f transitions/s (%.0f%% of the baseline; %.1f "
                    + "executions per commit)%n", durable, 100 * durable / baseline, group);
        }
    }

    static void memory(int n) throws Exception {
        Path dir = Files.createTempDirectory("engine-bench");
        try (Database db = Database.open(new StoreConfig.Embedded(dir));
             Engine engine = Engine.open(EngineConfig.defaults(InstantSource.system()), db, LambdaInvoker.NONE, new MemoryBuckets())) {
            String express = engine.machines().create("waits", """
                    {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 240, "Next": "P"},
                      "P": {"Type": "Pass", "End": true}}}""", "arn:aws:iam::123456789012:role/b",
                    Machine.Type.EXPRESS, Optional.empty(), Optional.empty(), Map.of(), false, Optional.empty()).arn();
            engine.start(express, Optional.empty(), Optional.of("{\"user\": \"u0001\"}"));   // warm the caches
            long before = heapAfterGc();
            for (int i = 0; i < n; i++) engine.start(express, Optional.empty(), Optional.of("{\"user\": \"u0001\"}"));
            long after = heapAfterGc();
            System.out.printf("%,d express executions in flight (each waiting in a Wait state): %,d bytes of heap "
                    + "each%n", n, (after - before) / n);
        }
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Transitions per second of {@code callers} clients starting executions back to back for {@code seconds}. */
    static double run(Engine engine, String machine, int callers, int seconds, boolean sync) throws Exception {
        var stop = new AtomicBoolean();
        var executions = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    if (sync) engine.startSync(machine, Optional.empty(), Optional.empty());
                    else engine.start(machine, Optional.empty(), Optional.empty());
                    executions.increment();
                }
            }));
        }
        Thread.sleep(Duration.ofSeconds(seconds));
        stop.set(true);
        for (Thread t : threads) t.join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return executions.sum() * 10 / elapsed;
    }
}
