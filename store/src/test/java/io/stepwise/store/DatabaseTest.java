package io.stepwise.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The same rules on both stores: transactions, per-module migrations from the vendor's folder, reopening. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Dialect.class)
class DatabaseTest {
    @Parameter
    Dialect dialect;
    TestDatabase fixture;
    Database db;

    @BeforeEach
    void open() {
        fixture = TestDatabase.create(dialect);
        db = fixture.open();
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void reports_which_database_it_is() {
        assertThat(db.dialect()).isEqualTo(dialect);
    }

    @Test
    void migrate_runs_the_scripts_of_the_stores_own_vendor_folder() {
        db.migrate("sample");
        insert("x");
        assertThat(strings(db, "SELECT vendor FROM sample_rows")).containsExactly(dialect.folder());
    }

    @Test
    void migrate_says_the_module_was_new_only_the_first_time() {
        assertThat(db.migrate("sample")).isTrue();
        assertThat(db.migrate("sample")).isFalse();
    }

    @Test
    void each_module_keeps_its_own_history_so_their_version_numbers_never_collide() {
        db.migrate("other");
        db.migrate("sample"); // its V1 runs although the store already holds other's tables and other's V1
        insert("x");
        assertThat(strings(db, "SELECT version FROM other_schema_history WHERE success ORDER BY installed_rank"))
                .containsExactly("1");
        assertThat(strings(db, "SELECT version FROM sample_schema_history WHERE version <> '0' ORDER BY installed_rank"))
                .containsExactly("1", "2");
    }

    @Test
    void functions_keeps_flyways_default_history_table_of_the_data_folders_it_created_before() {
        assertThat(Migrations.historyTable("functions")).isEqualTo("flyway_schema_history");
        assertThat(Migrations.historyTable("engine")).isEqualTo("engine_schema_history");
    }

    @Test
    void a_module_without_scripts_for_this_vendor_is_refused() {
        assertThatThrownBy(() -> db.migrate("nosuchmodule")).hasMessageContaining("db/nosuchmodule/" + dialect.folder());
        assertThatThrownBy(() -> db.migrate("../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_committed_transaction_is_seen_by_later_reads_and_blobs_come_back_byte_for_byte() {
        db.migrate("sample");
        byte[] body = {0, (byte) 0xff, 'a', 0, (byte) 0x80};
        db.transaction(c -> {
            try (var s = c.prepareStatement("INSERT INTO sample_rows (body) VALUES (?)")) {
                s.setBytes(1, body);
                return s.executeUpdate();
            }
        });
        byte[] read = db.read(c -> {
            try (var s = c.prepareStatement("SELECT body FROM sample_rows"); var r = s.executeQuery()) {
                r.next();
                return r.getBytes(1);
            }
        });
        assertThat(read).isEqualTo(body);
    }

    @Test
    void a_transaction_that_throws_leaves_nothing_behind() {
        db.migrate("sample");
        assertThatThrownBy(() -> db.transaction(c -> {
            insert(c, "first");
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThatThrownBy(() -> db.transaction(c -> {
            insert(c, "second");
            return c.createStatement().execute("INSERT INTO no_such_table VALUES (1)");
        })).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("database: ");
        assertThat(strings(db, "SELECT note FROM sample_rows")).isEmpty();
    }

    @Test
    void committed_rows_are_there_after_the_store_is_closed_and_opened_again() {
        db.migrate("sample");
        insert("kept");
        db.close();
        Database again = fixture.open();
        assertThat(again.migrate("sample")).isFalse();
        assertThat(strings(again, "SELECT note FROM sample_rows")).containsExactly("kept");
    }

    private void insert(String note) {
        db.transaction(c -> insert(c, note));
    }

    private static int insert(Connection c, String note) throws SQLException {
        try (var s = c.prepareStatement("INSERT INTO sample_rows (body, note) VALUES (?, ?)")) {
            s.setBytes(1, note.getBytes(StandardCharsets.UTF_8));
            s.setString(2, note);
            return s.executeUpdate();
        }
    }

    private static List<String> strings(Database db, String sql) {
        return db.read(c -> strings(c, sql));
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (var s = c.createStatement(); var r = s.executeQuery(sql)) {
            while (r.next()) out.add(r.getString(1));
        }
        return out;
    }
}
