package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.store.Dialect;
import io.stepwise.store.StoreConfig;
import io.stepwise.store.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the composition root holds the data folder and the store. */
class ServerStoreTest {
    @TempDir
    Path dir;

    @Test
    void with_postgresql_the_data_folder_is_still_one_servers() {
        try (var store = TestDatabase.create(Dialect.POSTGRESQL);
             var first = TestServer.start(TestServer.config(store.dataDir(), false).withDatabase(store.config()))) {
            assertThatThrownBy(() -> StepwiseServer.start(TestServer.config(store.dataDir(), false).withDatabase(store.config())))
                    .hasMessageContaining("is in use by another Stepwise server");
        }
    }

    @Test
    void with_postgresql_functions_are_kept_in_the_database_and_not_in_the_data_folder() {
        try (var store = TestDatabase.create(Dialect.POSTGRESQL)) {
            try (var server = TestServer.start(TestServer.config(store.dataDir(), true).withDatabase(store.config()))) {
                server.stop();
                assertThat(store.dataDir().resolve("stepwise.db")).doesNotExist();
            }
            int functions = store.open().read(c -> {
                try (var s = c.prepareStatement("SELECT count(*) FROM functions WHERE name = 'hello'"); var r = s.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            });
            assertThat(functions).isEqualTo(1);
        }
    }

    @Test
    void a_server_that_cannot_open_its_store_leaves_the_data_folder_free() {
        var nowhere = new StoreConfig.Postgres("jdbc:postgresql://127.0.0.1:1/stepwise?connectTimeout=2");
        assertThatThrownBy(() -> StepwiseServer.start(TestServer.config(dir, false).withDatabase(nowhere)))
                .hasMessageStartingWith("cannot open the PostgreSQL database");
        try (var server = TestServer.start(dir, false)) {
            assertThat(server.lambda.listFunctions().functions()).isEmpty();
        }
    }

    @Test
    void the_example_is_deployed_into_a_new_store_only() {
        try (var first = TestServer.start(dir, true)) {
            first.lambda.deleteFunction(b -> b.functionName(ExampleFunction.NAME));
            first.stop();
            try (var second = TestServer.start(dir, true)) {
                assertThat(second.lambda.listFunctions().functions()).isEmpty();
            }
        }
    }
}
