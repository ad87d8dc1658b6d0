package io.stepwise.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Flyway, once per module. Each module keeps its own history table, so that modules number their scripts
 * independently (functions' V4 and engine's V4 never collide) and a module can be added to an existing store.
 */
final class Migrations {
    private Migrations() {}

    static boolean migrate(DataSource db, Dialect dialect, String module) {
        if (!module.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("not a module name: " + module);
        Flyway flyway = Flyway.configure()
                .dataSource(db)
                .locations("classpath:db/" + module + "/" + dialect.folder())
                .failOnMissingLocations(true)
                .table(historyTable(module))
                // another module's tables make the schema "non-empty"; version 0 lets this module's V1 run on it
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        boolean fresh = flyway.info().current() == null;
        flyway.migrate();
        return fresh;
    }

    /** functions came first, when its history had Flyway's default name: existing data folders keep it. */
    static String historyTable(String module) {
        return module.equals("functions") ? "flyway_schema_history" : module + "_schema_history";
    }
}
