package io.stepwise.server;

import io.stepwise.engine.Buckets;
import io.stepwise.store.Dialect;
import io.stepwise.store.TestDatabase;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link StoreBuckets} directly on an {@link ObjectStore} in a fresh data folder, on SQLite and on PostgreSQL. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Dialect.class)
class StoreBucketsTest extends BucketsContract {
    @Parameter
    Dialect dialect;
    TestDatabase fixture;
    ObjectStore store;
    StoreBuckets buckets;

    @BeforeEach
    void open() {
        fixture = TestDatabase.create(dialect);
        store = new ObjectStore(fixture.open(), fixture.dataDir(), Clock.systemUTC());
        buckets = new StoreBuckets(store);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Override
    Buckets buckets() { return buckets; }

    @Override
    void createBucket(String name) { store.createBucket(name); }
}
