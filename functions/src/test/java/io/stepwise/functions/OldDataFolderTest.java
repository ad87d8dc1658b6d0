package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.store.Database;
import io.stepwise.store.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code old-layout/stepwise.db} was written by the code before the store module (commit 77e35d2: scripts in
 * {@code db/migration}, Flyway's default history table) with one function, a version, an alias, a tag and an event
 * invoke config. Flyway refuses a store whose applied scripts changed, so this also guards the SQLite scripts' bytes.
 */
class OldDataFolderTest {
    @TempDir
    Path dir;

    @Test
    void a_data_folder_made_before_the_store_module_opens_with_everything_in_it() throws IOException {
        try (InputStream old = getClass().getResourceAsStream("/old-layout/stepwise.db")) {
            Files.copy(old, dir.resolve("stepwise.db"));
        }
        try (Database db = Database.open(new StoreConfig.Embedded(dir))) {
            assertThat(db.migrate("functions")).isFalse();
            var cache = new StoreCache(db);
            var functions = new FunctionStore(db, cache);
            FunctionVersion fn = functions.latest("old-fn").orElseThrow();
            assertThat(fn.config().description()).isEqualTo("made before the store module");
            assertThat(functions.versions("old-fn")).extracting(FunctionVersion::version).containsExactly("1");
            assertThat(new AliasStore(db, cache).alias("old-fn", "prod")).isPresent();
            assertThat(new TagStore(db).tags("old-fn")).isEqualTo(Map.of("team", "ops"));
            assertThat(new EventInvokeConfigStore(db, cache).get("old-fn", "prod").orElseThrow().maximumRetryAttempts()).hasValue(0);

            functions.updateLatest(OnBothStores.latest("old-fn", "ff", 1));
            assertThat(functions.publish("old-fn", "rev-new", Instant.now(), Optional.empty()).version()).isEqualTo("2");
        }
    }
}
