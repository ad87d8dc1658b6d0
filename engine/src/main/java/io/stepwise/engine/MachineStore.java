package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.stepwise.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** State machines, their versions and aliases, and resource tags, in the server's database. */
final class MachineStore {
    private static final String MACHINE = "arn, name, type, definition, role_arn, logging, tracing, created_ms, "
            + "updated_ms, revision_id, status";

    private final Database db;

    MachineStore(Database db) { this.db = db; }

    private static Machine machine(ResultSet r) throws SQLException {
        return new Machine(r.getString(1), r.getString(2), Machine.Type.valueOf(r.getString(3)), r.getString(4),
                r.getString(5), r.getString(6), r.getString(7), Instant.ofEpochMilli(r.getLong(8)),
                Instant.ofEpochMilli(r.getLong(9)), Optional.ofNullable(r.getString(10)), Optional.empty(),
                Optional.empty(), r.getString(11));
    }

    Optional<Machine> machine(String arn) {
        return db.read(c -> machine(c, arn));
    }

    private static Optional<Machine> machine(Connection c, String arn) throws SQLException {
        try (var s = c.prepareStatement("SELECT " + MACHINE + " FROM state_machines WHERE arn = ?")) {
            s.setString(1, arn);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(machine(r)) : Optional.empty();
            }
        }
    }

    /** Inserts the machine; false when its name is taken. */
    boolean insert(Machine m) {
        return db.transaction(c -> {
            try (var s = c.prepareStatement("INSERT INTO state_machines (" + MACHINE + ") VALUES (?, ?, ?, ?, ?, ?, "
                    + "?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                s.setString(1, m.arn());
                s.setString(2, m.name());
                s.setString(3, m.type().name());
                s.setString(4, m.definition());
                s.setString(5, m.roleArn());
                s.setString(6, m.logging());
                s.setString(7, m.tracing());
                s.setLong(8, m.creationDate().toEpochMilli());
                s.setLong(9, m.updateDate().toEpochMilli());
                setText(s, 10, m.revisionId());
                s.setString(11, m.status());
                return s.executeUpdate() == 1;
            }
        });
    }

    /** Saves a new revision of the machine: the version that captured the old revision no longer captures this one. */
    void update(Machine m) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("UPDATE state_machines SET definition = ?, role_arn = ?, logging = ?, "
                    + "tracing = ?, updated_ms = ?, revision_id = ?, published_version = NULL WHERE arn = ?")) {
                s.setString(1, m.definition());
                s.setString(2, m.roleArn());
                s.setString(3, m.logging());
                s.setString(4, m.tracing());
                s.setLong(5, m.updateDate().toEpochMilli());
                setText(s, 6, m.revisionId());
                s.setString(7, m.arn());
                return s.executeUpdate();
            }
        });
    }

    /** Deletes the machine with its versions, aliases and tags. */
    void delete(String arn) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("DELETE FROM state_machines WHERE arn = ?");
                 var t = c.prepareStatement("DELETE FROM resource_tags WHERE resource_arn = ?")) {
                s.setString(1, arn);
                s.executeUpdate();
                t.setString(1, arn);
                t.executeUpdate();
            }
            return null;
        });
    }

    /** Machines by name, from the one after {@code afterName}. */
    List<Machine> list(Optional<String> afterName, int limit) {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT " + MACHINE + " FROM state_machines WHERE name > ? "
                    + "ORDER BY name LIMIT ?")) {
                s.setString(1, afterName.orElse(""));
                s.setInt(2, limit);
                List<Machine> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) out.add(machine(r));
                }
                return out;
            }
        });
    }

    // ---- versions

    private static final String VERSION = "v.version, v.definition, v.role_arn, v.logging, v.tracing, v.description, "
            + "v.revision_id, v.created_ms, m.name, m.type, m.status, m.arn";

    private static Machine version(ResultSet r) throws SQLException {
        long n = r.getLong(1);
        Instant created = Instant.ofEpochMilli(r.getLong(8));
        return new Machine(r.getString(12) + ":" + n, r.getString(9), Machine.Type.valueOf(r.getString(10)),
                r.getString(2), r.getString(3), r.getString(4), r.getString(5), created, created,
                Optional.ofNullable(r.getString(7)), Optional.ofNullable(r.getString(6)), Optional.of(n),
                r.getString(11));
    }

    Optional<Machine> version(String machineArn, long n) {
        return db.read(c -> version(c, machineArn, n));
    }

    private static Optional<Machine> version(Connection c, String machineArn, long n) throws SQLException {
        try (var s = c.prepareStatement("SELECT " + VERSION + " FROM state_machine_versions v JOIN state_machines m "
                + "ON m.arn = v.machine_arn WHERE v.machine_arn = ? AND v.version = ?")) {
            s.setString(1, machineArn);
            s.setLong(2, n);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(version(r)) : Optional.empty();
            }
        }
    }

    /** What {@link #publish} did: the version, and whether it is new (false: the revision already had one). */
    record Published(Machine version, boolean created) {}

    /**
     * Publishes the machine's current revision as its next version, unless a version already captures that revision
     * (then that one is returned: publishing is idempotent). Version numbers are never reused.
     */
    Published publish(String machineArn, Optional<String> description, Instant now) {
        return db.transaction(c -> {
            long next;
            Long published;
            try (var s = c.prepareStatement("SELECT next_version, published_version FROM state_machines WHERE arn = ?")) {
                s.setString(1, machineArn);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) throw new IllegalStateException("no machine " + machineArn);
                    next = r.getLong(1);
                    long p = r.getLong(2);
                    published = r.wasNull() ? null : p;
                }
            }
            if (published != null) {
                Optional<Machine> existing = version(c, machineArn, published);
                if (existing.isPresent()) return new Published(existing.get(), false);
            }
            try (var s = c.prepareStatement("INSERT INTO state_machine_versions (machine_arn, version, definition, "
                    + "role_arn, logging, tracing, description, revision_id, created_ms) SELECT arn, ?, definition, "
                    + "role_arn, logging, tracing, ?, revision_id, ? FROM state_machines WHERE arn = ?");
                 var u = c.prepareStatement("UPDATE state_machines SET next_version = ?, published_version = ? "
                         + "WHERE arn = ?")) {
                s.setLong(1, next);
                setText(s, 2, description);
                s.setLong(3, now.toEpochMilli());
                s.setString(4, machineArn);
                s.executeUpdate();
                u.setLong(1, next + 1);
                u.setLong(2, next);
                u.setString(3, machineArn);
                u.executeUpdate();
            }
            return new Published(version(c, machineArn, next).orElseThrow(), true);
        });
    }

    /** Versions, newest first, below {@code below} when given. */
    List<Machine.VersionItem> versions(String machineArn, Optional<Long> below, int limit) {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT version, created_ms FROM state_machine_versions WHERE "
                    + "machine_arn = ? AND version < ? ORDER BY version DESC LIMIT ?")) {
                s.setString(1, machineArn);
                s.setLong(2, below.orElse(Long.MAX_VALUE));
                s.setInt(3, limit);
                List<Machine.VersionItem> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new Machine.VersionItem(machineArn + ":" + r.getLong(1),
                                Instant.ofEpochMilli(r.getLong(2))));
                    }
                }
                return out;
            }
        });
    }

    void deleteVersion(String machineArn, long n) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("DELETE FROM state_machine_versions WHERE machine_arn = ? AND version = ?")) {
                s.setString(1, machineArn);
                s.setLong(2, n);
                return s.executeUpdate();
            }
        });
    }

    // ---- aliases

    private static Machine.Alias alias(ResultSet r) throws SQLException {
        String machineArn = r.getString(1);
        List<Machine.Route> routes = new ArrayList<>();
        for (JsonNode n : Json.read(r.getString(4))) {
            routes.add(new Machine.Route(n.path("stateMachineVersionArn").asText(), n.path("weight").asInt()));
        }
        return new Machine.Alias(machineArn + ":" + r.getString(2), machineArn, r.getString(2),
                Optional.ofNullable(r.getString(3)), List.copyOf(routes), Instant.ofEpochMilli(r.getLong(5)),
                Instant.ofEpochMilli(r.getLong(6)));
    }

    private static String routing(List<Machine.Route> routes) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        routes.forEach(x -> a.addObject().put("stateMachineVersionArn", x.versionArn()).put("weight", x.weight()));
        return a.toString();
    }

    Optional<Machine.Alias> alias(String machineArn, String name) {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT machine_arn, name, description, routing, created_ms, updated_ms "
                    + "FROM state_machine_aliases WHERE machine_arn = ? AND name = ?")) {
                s.setString(1, machineArn);
                s.setString(2, name);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(alias(r)) : Optional.empty();
                }
            }
        });
    }

    /** Inserts the alias; false when the name is taken. */
    boolean insert(Machine.Alias a) {
        return db.transaction(c -> {
            try (var s = c.prepareStatement("INSERT INTO state_machine_aliases (machine_arn, name, description, "
                    + "routing, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                s.setString(1, a.machineArn());
                s.setString(2, a.name());
                setText(s, 3, a.description());
                s.setString(4, routing(a.routing()));
                s.setLong(5, a.creationDate().toEpochMilli());
                s.setLong(6, a.updateDate().toEpochMilli());
                return s.executeUpdate() == 1;
            }
        });
    }

    void update(Machine.Alias a) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("UPDATE state_machine_aliases SET description = ?, routing = ?, "
                    + "updated_ms = ? WHERE machine_arn = ? AND name = ?")) {
                setText(s, 1, a.description());
                s.setString(2, routing(a.routing()));
                s.setLong(3, a.updateDate().toEpochMilli());
                s.setString(4, a.machineArn());
                s.setString(5, a.name());
                return s.executeUpdate();
            }
        });
    }

    void deleteAlias(String machineArn, String name) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("DELETE FROM state_machine_aliases WHERE machine_arn = ? AND name = ?")) {
                s.setString(1, machineArn);
                s.setString(2, name);
                return s.executeUpdate();
            }
        });
    }

    /** Aliases in creation order (then name). */
    List<Machine.Alias> aliases(String machineArn) {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT machine_arn, name, description, routing, created_ms, updated_ms "
                    + "FROM state_machine_aliases WHERE machine_arn = ? ORDER BY created_ms, name")) {
                s.setString(1, machineArn);
                List<Machine.Alias> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) out.add(alias(r));
                }
                return out;
            }
        });
    }

    // ---- tags

    Map<String, String> tags(String resourceArn) {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT tag_key, tag_value FROM resource_tags WHERE resource_arn = ? "
                    + "ORDER BY position")) {
                s.setString(1, resourceArn);
                Map<String, String> out = new LinkedHashMap<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) out.put(r.getString(1), r.getString(2));
                }
                return out;
            }
        });
    }

    void tag(String resourceArn, Map<String, String> tags) {
        db.transaction(c -> {
            long position;
            try (var s = c.prepareStatement("SELECT COALESCE(MAX(position), 0) FROM resource_tags WHERE resource_arn = ?")) {
                s.setString(1, resourceArn);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    position = r.getLong(1);
                }
            }
            try (var s = c.prepareStatement("INSERT INTO resource_tags (resource_arn, tag_key, tag_value, position) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (resource_arn, tag_key) DO UPDATE SET tag_value = excluded.tag_value")) {
                for (var t : tags.entrySet()) {
                    s.setString(1, resourceArn);
                    s.setString(2, t.getKey());
                    s.setString(3, t.getValue());
                    s.setLong(4, ++position);
                    s.addBatch();
                }
                if (!tags.isEmpty()) s.executeBatch();
            }
            return null;
        });
    }

    void untag(String resourceArn, List<String> keys) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("DELETE FROM resource_tags WHERE resource_arn = ? AND tag_key = ?")) {
                for (String k : keys) {
                    s.setString(1, resourceArn);
                    s.setString(2, k);
                    s.addBatch();
                }
                if (!keys.isEmpty()) s.executeBatch();
            }
            return null;
        });
    }

    private static void setText(PreparedStatement s, int i, Optional<String> v) throws SQLException {
        if (v.isPresent()) s.setString(i, v.get());
        else s.setNull(i, Types.VARCHAR);
    }
}
