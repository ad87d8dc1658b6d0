package io.stepwise.functions;

import io.stepwise.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Event invoke configs in the store. Every Event attempt reads one, so reads are cached
 * ({@link StoreCache}); rows go with their function (foreign key) and with their version or alias (triggers).
 */
final class EventInvokeConfigStore {
    private final Database db;
    private final StoreCache cache;
    private final Map<String, Optional<EventInvokeConfig>> configs;

    EventInvokeConfigStore(Database db, StoreCache cache) {
        this.db = db;
        this.cache = cache;
        this.configs = cache.map();
    }

    Optional<EventInvokeConfig> get(String function, String qualifier) {
        return cache.read(configs, function + "\u0000" + qualifier, c -> {
            try (var s = c.prepareStatement("SELECT * FROM function_event_invoke_configs WHERE function_name = ? AND qualifier = ?")) {
                s.setString(1, function);
                s.setString(2, qualifier);
                return rows(s).stream().findFirst();
            }
        });
    }

    /** In qualifier order, so that Marker indexes stay stable between pages. */
    List<EventInvokeConfig> list(String function) {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT * FROM function_event_invoke_configs WHERE function_name = ? ORDER BY qualifier")) {
                s.setString(1, function);
                return rows(s);
            }
        });
    }

    void put(EventInvokeConfig e) {
        cache.write(c -> {
            try (var s = c.prepareStatement("INSERT INTO function_event_invoke_configs (function_name, qualifier, "
                    + "maximum_retry_attempts, maximum_event_age_seconds, on_success, on_failure, last_modified_ms) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (function_name, qualifier) DO UPDATE SET "
                    + "maximum_retry_attempts = excluded.maximum_retry_attempts, "
                    + "maximum_event_age_seconds = excluded.maximum_event_age_seconds, on_success = excluded.on_success, "
                    + "on_failure = excluded.on_failure, last_modified_ms = excluded.last_modified_ms")) {
                s.setString(1, e.functionName());
                s.setString(2, e.qualifier());
                setInt(s, 3, e.maximumRetryAttempts());
                setInt(s, 4, e.maximumEventAgeInSeconds());
                s.setString(5, e.onSuccess().map(Destination::arn).orElse(null));
                s.setString(6, e.onFailure().map(Destination::arn).orElse(null));
                s.setLong(7, e.lastModified().toEpochMilli());
                return s.executeUpdate();
            }
        });
    }

    boolean delete(String function, String qualifier) {
        return cache.write(c -> {
            try (var s = c.prepareStatement("DELETE FROM function_event_invoke_configs WHERE function_name = ? AND qualifier = ?")) {
                s.setString(1, function);
                s.setString(2, qualifier);
                return s.executeUpdate() > 0;
            }
        });
    }

    private static List<EventInvokeConfig> rows(PreparedStatement s) throws SQLException {
        List<EventInvokeConfig> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                int retries = r.getInt("maximum_retry_attempts");
                OptionalInt retriesOpt = r.wasNull() ? OptionalInt.empty() : OptionalInt.of(retries);
                int age = r.getInt("maximum_event_age_seconds");
                OptionalInt ageOpt = r.wasNull() ? OptionalInt.empty() : OptionalInt.of(age);
                out.add(new EventInvokeConfig(r.getString("function_name"), r.getString("qualifier"), retriesOpt, ageOpt,
                        destination(r.getString("on_success")), destination(r.getString("on_failure")),
                        Instant.ofEpochMilli(r.getLong("last_modified_ms"))));
            }
        }
        return out;
    }

    /** Stored ARNs were checked when they were put. */
    private static Optional<Destination> destination(String arn) {
        return Optional.ofNullable(arn).map(a -> new Destination(a, Destination.Service.of(a.split(":", -1)[2]).orElseThrow()));
    }

    private static void setInt(PreparedStatement s, int index, OptionalInt value) throws SQLException {
        if (value.isPresent()) s.setInt(index, value.getAsInt());
        else s.setNull(index, Types.INTEGER);
    }
}
