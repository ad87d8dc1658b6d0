package io.stepwise.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fresh, empty database of one kind for a test, with its own temporary data folder: SQLite in that folder, or a new
 * PostgreSQL database {@code stepwise_test_<random>} created through {@code $STEPWISE_TEST_POSTGRES} (default
 * {@value #DEFAULT_ADMIN_URL}, a role that may CREATE DATABASE). {@link #close} closes every {@link Database} it
 * opened, drops the PostgreSQL database and deletes the folder.
 * <p>
 * An unreachable PostgreSQL fails the test with the reason: CI has one, and a skipped test would hide a broken store.
 * <pre>{@code
 * @ParameterizedClass @EnumSource(Dialect.class)
 * class SomeStoreTest {
 *     @Parameter Dialect dialect;
 *     TestDatabase fixture; Database db;
 *     @BeforeEach void open() { fixture = TestDatabase.create(dialect); db = fixture.open(); db.migrate("mymodule"); }
 *     @AfterEach void close() { fixture.close(); }
 * }
 * }</pre>
 */
public final class TestDatabase implements AutoCloseable {
    static final String DEFAULT_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^?]*)(\\?.*)?");

    private final Dialect dialect;
    private final Path dataDir;
    private final StoreConfig config;
    private final Optional<String> postgresName;
    private final List<Database> opened = new ArrayList<>();

    private TestDatabase(Dialect dialect, Path dataDir, StoreConfig config, Optional<String> postgresName) {
        this.dialect = dialect;
        this.dataDir = dataDir;
        this.config = config;
        this.postgresName = postgresName;
    }

    public static TestDatabase create(Dialect dialect) {
        return switch (dialect) {
            case SQLITE -> {
                Path dir = tempDir();
                yield new TestDatabase(dialect, dir, new StoreConfig.Embedded(dir), Optional.empty());
            }
            case POSTGRESQL -> {
                String name = "stepwise_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
                String url = createPostgres(adminUrl(), name);
                yield new TestDatabase(dialect, tempDir(), new StoreConfig.Postgres(url), Optional.of(name));
            }
        };
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The data folder (SQLite's file is in it; with PostgreSQL it holds only what a server keeps beside the database). */
    public Path dataDir() {
        return dataDir;
    }

    public StoreConfig config() {
        return config;
    }

    /** A new {@link Database} on this store (a second one after closing the first is a restart). */
    public Database open() {
        Database db = Database.open(config);
        opened.add(db);
        return db;
    }

    @Override
    public void close() {
        opened.forEach(Database::close);
        postgresName.ifPresent(name -> admin(adminUrl(), c -> c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }

    @Override
    public String toString() {
        return dialect + " " + config;
    }

    static String adminUrl() {
        String env = System.getenv("STEPWISE_TEST_POSTGRES");
        return env == null || env.isBlank() ? DEFAULT_ADMIN_URL : env;
    }

    /**
     * Creates the database with an English ICU collation, as most installations sort text, so that code which
     * assumes SQLite's byte order fails here too; a server without ICU gets its default collation.
     */
    static String createPostgres(String adminUrl, String name) {
        var m = URL.matcher(adminUrl);
        if (!m.matches()) {
            throw new IllegalStateException("STEPWISE_TEST_POSTGRES must look like jdbc:postgresql://host:port/database?user=...,"
                    + " got " + adminUrl.replaceAll("(?i)(password=)[^&]*", "$1***"));
        }
        admin(adminUrl, c -> {
            try {
                c.createStatement().execute("CREATE DATABASE " + name + " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en'");
            } catch (SQLException noIcu) {
                c.createStatement().execute("CREATE DATABASE " + name);
            }
        });
        return m.group(1) + name + (m.group(3) == null ? "" : m.group(3));
    }

    private interface AdminWork {
        void run(Connection c) throws SQLException;
    }

    private static void admin(String adminUrl, AdminWork work) {
        try (Connection c = DriverManager.getConnection(adminUrl)) {
            work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("the PostgreSQL tests need a PostgreSQL server, and " + new StoreConfig.Postgres(adminUrl)
                    + " did not work (" + e.getMessage() + "); start one or set STEPWISE_TEST_POSTGRES to the JDBC URL of a "
                    + "role that may CREATE DATABASE", e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("stepwise-store-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
