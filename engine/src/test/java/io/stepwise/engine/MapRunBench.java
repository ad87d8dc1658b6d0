package io.stepwise.engine;

import io.stepwise.store.Database;
import io.stepwise.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Child executions a Map Run starts per second: a distributed Map of {@code n} items whose ItemProcessor is one Pass
 * state (standard children, MaxConcurrency {@code m}), from StartExecution of the parent to its end. Baselines in the
 * same run: the same {@code n} executions of that Pass machine started by 100 concurrent StartExecution callers (each
 * one step, committed before StartExecution answers), and the same {@code n} items as an inline Map (one execution,
 * one step). Not a test: a command, see docs/benchmarks.md.
 *
 * <pre>java ... io.stepwise.engine.MapRunBench [sqlite|jdbc:postgresql://...] [n] [maxConcurrency] [rounds]</pre>
 */
public final class MapRunBench {
    static final String ROLE = "arn:aws:iam::123456789012:role/b";
    static final String PASS = """
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "End": true}}}""";

    static String map(String mode, int maxConcurrency) {
        return """
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": %d,
                  "End": true, "ItemProcessor": {"ProcessorConfig": {"Mode": "%s", "ExecutionType": "STANDARD"},
                  "StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"n.$": "$.n"}, "End": true}}}}}}"""
                .formatted(maxConcurrency, mode);
    }

    public static void main(String[] args) throws Exception {
        String where = args.length > 0 ? args[0] : "sqlite";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int maxConcurrency = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path dir = Files.createTempDirectory("maprun-bench");
        StoreConfig store = where.equals("sqlite") ? new StoreConfig.Embedded(dir) : new StoreConfig.Postgres(where);
        // an inline Map of n items writes 4n + 7 events in one history
        var config = EngineConfig.defaults(InstantSource.system()).withStandardLimits(
                EngineConfig.defaults(InstantSource.system()).standardLimits().withMaxHistoryEvents(5 * n + 100));
        try (Database db = Database.open(store);
             Engine engine = Engine.open(config, db, LambdaInvoker.NONE, new MemoryBuckets())) {
            String pass = create(engine, "pass", PASS);
            String distributed = create(engine, "distributed", map("DISTRIBUTED", maxConcurrency));
            String inline = create(engine, "inline", map("INLINE", maxConcurrency));
            String input = input(n);
            System.out.printf("store %s, %,d items, MaxConcurrency %d, %d cores, load %s%n",
                    where.startsWith("jdbc") ? "postgresql" : "sqlite", n, maxConcurrency,
                    Runtime.getRuntime().availableProcessors(), load());
            starts(engine, pass, Math.min(n, 2000));                      // warm-up
            mapRun(engine, distributed, Math.min(n, 2000), input(Math.min(n, 2000)));
            for (int r = 1; r <= rounds; r++) {
                double direct = starts(engine, pass, n);
                double[] run = mapRun(engine, distributed, n, input);
                double inlined = execution(engine, inline, input);
                System.out.printf("round %d: Map Run %,.0f children/s end to end (%.2f s; children started at %,.0f/s)"
                        + " | StartExecution, 100 callers: %,.0f/s (Map Run = %.2f of it) | inline Map: %,.0f "
                        + "items/s | load %s%n", r, n / run[0], run[0], run[1], direct, n / run[0] / direct,
                        n / inlined, load());
            }
        }
    }

    static String input(int n) {
        StringBuilder items = new StringBuilder("{\"items\": [");
        for (int i = 0; i < n; i++) items.append(i == 0 ? "" : ",").append("{\"n\": ").append(i).append('}');
        return items.append("]}").toString();
    }

    static String create(Engine engine, String name, String definition) {
        return engine.machines().create(name, definition, ROLE, Machine.Type.STANDARD, Optional.empty(),
                Optional.empty(), Map.of(), false, Optional.empty()).arn();
    }

    /** Executions started per second by 100 callers starting {@code n} standard executions between them. */
    static double starts(Engine engine, String machine, int n) throws InterruptedException {
        var next = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < 100; c++) {
            callers.add(Thread.ofVirtual().start(() -> {
                while (next.getAndIncrement() < n) engine.start(machine, Optional.empty(), Optional.of("{\"n\": 1}"));
            }));
        }
        for (Thread t : callers) t.join();
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** Seconds from StartExecution to the end of one execution. */
    static double execution(Engine engine, String machine, String input) {
        long start = System.nanoTime();
        String arn = engine.start(machine, Optional.empty(), Optional.of(input)).executionArn();
        ExecutionRow row;
        while (!(row = engine.describe(arn)).status().closed()) LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        if (row.status() != ExecutionStatus.SUCCEEDED) throw new AssertionError(row.error() + " " + row.cause());
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * A Map Run of {@code n} children: seconds from the parent's StartExecution to its end, and children started per
     * second (from the first child's start date to the last's).
     */
    static double[] mapRun(Engine engine, String machine, int n, String input) {
        long start = System.nanoTime();
        String arn = engine.start(machine, Optional.empty(), Optional.of(input)).executionArn();
        ExecutionRow row;
        while (!(row = engine.describe(arn)).status().closed()) LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (row.status() != ExecutionStatus.SUCCEEDED) throw new AssertionError(row.error() + " " + row.cause());
        String run = engine.listMapRuns(arn, Optional.empty(), Optional.empty()).items().getFirst().arn();
        Instant first = Instant.MAX;
        Instant last = Instant.MIN;
        int children = 0;
        Optional<String> token = Optional.empty();
        do {
            var page = engine.listByMapRun(run, Optional.empty(), Optional.of(1000), token);
            for (ExecutionRow c : page.items()) {
                children++;
                if (c.startDate().isBefore(first)) first = c.startDate();
                if (c.startDate().isAfter(last)) last = c.startDate();
            }
            token = page.nextToken();
        } while (token.isPresent());
        if (children != n) throw new AssertionError(children + " children for " + n + " items");
        return new double[] {seconds, n / Math.max(0.001, Duration.between(first, last).toNanos() / 1e9)};
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
