package io.stepwise.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Functions, published versions and reserved concurrency in the store (aliases: {@link AliasStore}). */
final class FunctionStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LATEST_COLUMNS = "name, config, code_sha256, code_size, revision_id, last_modified, reserved_concurrency";
    private final Database db;
    private final StoreCache cache;
    private final Map<String, Optional<FunctionVersion>> latestCache;
    private final Map<String, List<FunctionVersion>> versionsCache;

    FunctionStore(Database db, StoreCache cache) {
        this.db = db;
        this.cache = cache;
        this.latestCache = cache.map();
        this.versionsCache = cache.map();
    }

    private <T> T write(Database.Work<T> work) {
        return cache.write(work);
    }

    private <K, V> V cached(Map<K, V> map, K key, Database.Work<V> load) {
        return cache.read(map, key, load);
    }

    /** False when a function of that name exists. */
    boolean insert(FunctionVersion f) {
        return write(c -> {
            if (latest(c, f.functionName()).isPresent()) return false;
            try (var s = c.prepareStatement("INSERT INTO functions (" + LATEST_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, NULL)")) {
                bindVersion(s, f);
                s.executeUpdate();
            }
            return true;
        });
    }

    void updateLatest(FunctionVersion f) {
        write(c -> {
            try (var s = c.prepareStatement("UPDATE functions SET config = ?, code_sha256 = ?, code_size = ?, revision_id = ?, last_modified = ? WHERE name = ?")) {
                s.setString(1, json(f.config()));
                s.setString(2, f.code().sha256Hex());
                s.setLong(3, f.code().size());
                s.setString(4, f.revisionId());
                s.setString(5, f.lastModified().toString());
                s.setString(6, f.functionName());
                return s.executeUpdate();
            }
        });
    }

    Optional<FunctionVersion> latest(String name) {
        return cached(latestCache, name, c -> latest(c, name));
    }

    List<FunctionVersion> list(Optional<String> after, int max) {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT " + LATEST_COLUMNS + " FROM functions WHERE name > ? ORDER BY name LIMIT ?")) {
                s.setString(1, after.orElse(""));
                s.setInt(2, max);
                return latestRows(s);
            }
        });
    }

    boolean delete(String name) {
        return write(c -> update(c, "DELETE FROM functions WHERE name = ?", name) > 0);
    }

    /** Publishes $LATEST as the next number, unless the newest version already has the same code and config. */
    FunctionVersion publish(String name, String revisionId, Instant now, Optional<String> description) {
        return write(c -> {
            FunctionVersion latest = latest(c, name).orElseThrow();
            List<FunctionVersion> versions = versions(c, name);
            FunctionConfig config = description.map(latest.config()::withDescription).orElse(latest.config());
            if (!versions.isEmpty()) {
                FunctionVersion newest = versions.getLast();
                boolean same = newest.config().withDescription(config.description()).equals(config); // description aside
                if (newest.code().equals(latest.code()) && same) return newest;
            }
            int number;
            try (var s = c.prepareStatement("SELECT next_version FROM functions WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    number = r.getInt(1);
                }
            }
            var v = new FunctionVersion(name, Integer.toString(number), config, latest.code(), revisionId, now,
                    latest.reservedConcurrency());
            try (var s = c.prepareStatement("INSERT INTO function_versions (function_name, version, config, code_sha256, "
                    + "code_size, revision_id, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, name);
                s.setInt(2, number);
                s.setString(3, json(v.config()));
                s.setString(4, v.code().sha256Hex());
                s.setLong(5, v.code().size());
                s.setString(6, v.revisionId());
                s.setString(7, now.toString());
                s.executeUpdate();
            }
            update(c, "UPDATE functions SET next_version = next_version + 1 WHERE name = ?", name);
            return v;
        });
    }

    List<FunctionVersion> versions(String name) {
        return cached(versionsCache, name, c -> List.copyOf(versions(c, name)));
    }

    boolean deleteVersion(String name, String version) {
        return write(c -> {
            try (var s = c.prepareStatement("DELETE FROM function_versions WHERE function_name = ? AND version = ?")) {
                s.setString(1, name);
                s.setInt(2, Integer.parseInt(version));
                return s.executeUpdate() > 0;
            }
        });
    }

    void reservedConcurrency(String name, OptionalInt value) {
        write(c -> {
            try (var s = c.prepareStatement("UPDATE functions SET reserved_concurrency = ? WHERE name = ?")) {
                if (value.isPresent()) s.setInt(1, value.getAsInt());
                else s.setNull(1, java.sql.Types.INTEGER);
                s.setString(2, name);
                return s.executeUpdate();
            }
        });
    }

    /**
     * Digests of every package some function or version still uses: its code, its layers (a deleted layer version
     * included) and the merged tree of its layers.
     */
    List<String> referencedCode() {
        return db.read(c -> {
            java.util.Set<String> out = new java.util.LinkedHashSet<>();
            try (var s = c.prepareStatement("SELECT code_sha256, config FROM functions UNION ALL SELECT code_sha256, config FROM function_versions");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                    List<String> layers = config(r.getString(2)).layers().stream().map(FunctionConfig.Layer::sha256Hex).toList();
                    if (!layers.isEmpty()) {
                        out.addAll(layers);
                        out.add(PackageStore.layersKey(layers));
                    }
                }
            }
            return List.copyOf(out);
        });
    }

    // --- rows

    private static Optional<FunctionVersion> latest(Connection c, String name) throws SQLException {
        try (var s = c.prepareStatement("SELECT " + LATEST_COLUMNS + " FROM functions WHERE name = ?")) {
            s.setString(1, name);
            return latestRows(s).stream().findFirst();
        }
    }

    private static List<FunctionVersion> latestRows(PreparedStatement s) throws SQLException {
        List<FunctionVersion> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                int reserved = r.getInt("reserved_concurrency");
                OptionalInt rc = r.wasNull() ? OptionalInt.empty() : OptionalInt.of(reserved);
                out.add(new FunctionVersion(r.getString("name"), FunctionVersion.LATEST, config(r.getString("config")),
                        new PackageStore.Code(r.getString("code_sha256"), r.getLong("code_size")), r.getString("revision_id"),
                        Instant.parse(r.getString("last_modified")), rc));
            }
        }
        return out;
    }

    private static List<FunctionVersion> versions(Connection c, String name) throws SQLException {
        OptionalInt reserved = latest(c, name).map(FunctionVersion::reservedConcurrency).orElse(OptionalInt.empty());
        List<FunctionVersion> out = new ArrayList<>();
        try (var s = c.prepareStatement("SELECT * FROM function_versions WHERE function_name = ? ORDER BY version")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new FunctionVersion(name, Integer.toString(r.getInt("version")), config(r.getString("config")),
                            new PackageStore.Code(r.getString("code_sha256"), r.getLong("code_size")),
                            r.getString("revision_id"), Instant.parse(r.getString("last_modified")), reserved));
                }
            }
        }
        return out;
    }

    private static void bindVersion(PreparedStatement s, FunctionVersion f) throws SQLException {
        s.setString(1, f.functionName());
        s.setString(2, json(f.config()));
        s.setString(3, f.code().sha256Hex());
        s.setLong(4, f.code().size());
        s.setString(5, f.revisionId());
        s.setString(6, f.lastModified().toString());
    }

    private static int update(Connection c, String sql, String arg) throws SQLException {
        try (var s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            return s.executeUpdate();
        }
    }

    private static FunctionConfig config(String json) {
        return parse(json, new TypeReference<>() {});
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T parse(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt row: " + e.getMessage(), e);
        }
    }
}
