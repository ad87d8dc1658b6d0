package io.stepwise.store;

import java.nio.file.Path;
import java.util.Optional;

/** Which database a server uses: the embedded SQLite file in its data folder, or a PostgreSQL database. */
public sealed interface StoreConfig {
    /** {@code <dataDir>/stepwise.db}. */
    record Embedded(Path dataDir) implements StoreConfig {}

    /** A {@code jdbc:postgresql://host[:port]/database[?user=...&password=...]} URL. */
    record Postgres(String jdbcUrl) implements StoreConfig {
        public Postgres {
            if (!jdbcUrl.startsWith("jdbc:postgresql://")) throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + redact(jdbcUrl));
        }

        /** Without the password, for logs and messages. */
        @Override
        public String toString() {
            return redact(jdbcUrl);
        }
    }

    /**
     * The CLI's {@code --database} value: absent, blank or {@code embedded} → the embedded store in {@code dataDir};
     * {@code jdbc:postgresql://...} → that PostgreSQL database.
     */
    static StoreConfig parse(Optional<String> database, Path dataDir) {
        String value = database.map(String::strip).orElse("");
        if (value.isEmpty() || value.equals("embedded")) return new Embedded(dataDir);
        if (value.startsWith("jdbc:postgresql://")) return new Postgres(value);
        throw new IllegalArgumentException("--database must be 'embedded' (SQLite in the data folder, the default) or a "
                + "PostgreSQL JDBC URL such as jdbc:postgresql://localhost:5432/stepwise?user=stepwise&password=..., got '"
                + redact(value) + "'");
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
