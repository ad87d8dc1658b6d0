package io.stepwise.functions;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file ({@code <dataDir>/stepwise.db}) in WAL mode with {@code synchronous=FULL}, so
 * a committed row survives the process being killed (and the machine losing power); migrations by Flyway from
 * {@code db/migration}. Transactions start IMMEDIATE: SQLite has one writer, and taking the write lock up front avoids
 * the SQLITE_BUSY a deferred read transaction gets when it tries to upgrade.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;

    public Database(Path dataDir) {
        var sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sqlite.setBusyTimeout(10_000);
        sqlite.enforceForeignKeys(true);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        var ds = new SQLiteDataSource(sqlite);
        ds.setUrl("jdbc:sqlite:" + dataDir.resolve("stepwise.db"));
        var hikari = new HikariConfig();
        hikari.setDataSource(ds);
        hikari.setMaximumPoolSize(4);
        hikari.setPoolName("stepwise-db");
        this.pool = new HikariDataSource(hikari);
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    }

    public DataSource dataSource() {
        return pool;
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
