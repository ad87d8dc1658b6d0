package io.stepwise.engine;

import io.stepwise.store.Database;
import io.stepwise.store.Dialect;
import io.stepwise.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A test class extending this runs every test twice: on a fresh SQLite store and on a fresh PostgreSQL database, both
 * migrated to the engine's schema, with an {@link Engine} on virtual time and fake functions.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Dialect.class)
abstract class OnBothStores {
    @Parameter
    Dialect dialect;
    TestDatabase fixture;
    Database db;
    ManualScheduler time;
    FakeLambda lambda;
    final MemoryBuckets buckets = new MemoryBuckets();
    Engine engine;

    @BeforeEach
    void openStore() {
        fixture = TestDatabase.create(dialect);
        db = fixture.open();
        db.migrate("engine");
        time = new ManualScheduler(Harness.START);
        lambda = new FakeLambda(ExecutionsTest::doubled);
        engine = newEngine("node-a");
    }

    Engine newEngine(String node) {
        return new Engine(EngineConfig.defaults(time).withNode(node), new JdbcExecutionStore(db), new MachineStore(db),
                new MapRunStore(db), lambda, buckets, time);
    }

    @AfterEach
    void dropStore() {
        engine.close();
        fixture.close();
    }

    /** Moves virtual time on, 10 s at a time, until the execution ends (Wait states, retries). */
    ExecutionRow runToEnd(String arn) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!engine.describe(arn).status().closed()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + arn + " to end");
            time.advance(java.time.Duration.ofSeconds(10));
            Thread.yield();
        }
        return engine.describe(arn);
    }

    static final String ROLE = "arn:aws:iam::123456789012:role/test";

    String create(String name, String definition) {
        return engine.machines().create(name, Harness.q(definition), ROLE, Machine.Type.STANDARD,
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Map.of(), false,
                java.util.Optional.empty()).arn();
    }
}
