package io.stepwise.functions;

import io.stepwise.store.Database;
import io.stepwise.store.Dialect;
import io.stepwise.store.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A test class extending this runs every test twice, on a fresh SQLite store and on a fresh PostgreSQL database, both
 * migrated to the functions schema. Subclasses' {@code @AfterEach} run before the store is dropped.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(Dialect.class)
abstract class OnBothStores {
    @Parameter
    Dialect dialect;
    TestDatabase fixture;
    Database db;

    @BeforeEach
    void openStore() {
        fixture = TestDatabase.create(dialect);
        db = fixture.open();
        db.migrate("functions");
    }

    @AfterEach
    void dropStore() {
        fixture.close();
    }

    /** How many rows {@code table} holds. */
    int rows(String table) {
        int n = db.read(c -> {
            try (var s = c.prepareStatement("SELECT count(*) FROM " + table); var r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        });
        return n;
    }

    static FunctionVersion latest(String name, String sha256, long size) {
        var config = new FunctionConfig("python3.12", "app.handler", "arn:aws:iam::123456789012:role/r", "", 128, 3, 512,
                Map.of("GREETING", "hello"), List.of("x86_64"));
        return new FunctionVersion(name, FunctionVersion.LATEST, config, new PackageStore.Code(sha256, size), "rev-1",
                Instant.parse("2026-01-02T03:04:05.678Z"), OptionalInt.empty());
    }
}
