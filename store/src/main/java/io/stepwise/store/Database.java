package io.stepwise.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The one database of a server, shared by every module, each of which migrates its own tables ({@link #migrate}).
 * <p>
 * Embedded: one SQLite file ({@code <dataDir>/stepwise.db}) in WAL mode with {@code synchronous=FULL}, so a committed
 * row survives the process being killed (and the machine losing power). Transactions start IMMEDIATE: SQLite has one
 * writer, and taking the write lock up front avoids the SQLITE_BUSY a deferred read transaction gets when it tries to
 * upgrade. PostgreSQL: a pool of connections, transactions at READ COMMITTED (its default, stated so it cannot drift).
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final Dialect dialect;

    private Database(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    public static Database open(StoreConfig config) {
        return switch (config) {
            case StoreConfig.Embedded e -> new Database(new HikariDataSource(sqlite(e)), Dialect.SQLITE);
            case StoreConfig.Postgres p -> {
                try {
                    yield new Database(new HikariDataSource(postgres(p)), Dialect.POSTGRESQL);
                } catch (HikariPool.PoolInitializationException x) {
                    Throwable cause = x.getCause() != null ? x.getCause() : x;
                    throw new IllegalStateException("cannot open the PostgreSQL database " + p + ": " + cause.getMessage(), x);
                }
            }
        };
    }

    private static HikariConfig sqlite(StoreConfig.Embedded e) {
        var sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(10_000);
        sqlite.enforceForeignKeys(true);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        var ds = new SQLiteDataSource(sqlite);
        ds.setUrl("jdbc:sqlite:" + e.dataDir().resolve("stepwise.db"));
        var hikari = new HikariConfig();
        hikari.setDataSource(ds);
        hikari.setMaximumPoolSize(4); // one writer at a time anyway; the others read
        hikari.setPoolName("stepwise-db");
        return hikari;
    }

    private static HikariConfig postgres(StoreConfig.Postgres p) {
        var hikari = new HikariConfig();
        hikari.setJdbcUrl(p.jdbcUrl());
        hikari.setMaximumPoolSize(10);
        hikari.setMinimumIdle(2); // idle connections cost the server a process each; the pool grows under load
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        hikari.setPoolName("stepwise-db");
        return hikari;
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Brings {@code module}'s tables up to date with its scripts in {@code classpath:db/<module>/<sqlite|postgresql>}.
     * Returns true when the module had no tables yet (a new store), so that its owner can seed it.
     */
    public boolean migrate(String module) {
        return Migrations.migrate(pool, dialect, module);
    }

    /** Work that either commits entirely or not at all. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public <T> T transaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    /** Reads without taking the write lock (each statement sees the last committed state). */
    public <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
