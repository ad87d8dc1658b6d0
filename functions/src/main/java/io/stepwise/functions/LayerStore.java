package io.stepwise.functions;

import com.fasterxml.jackson.core.type.TypeReference;
import io.stepwise.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Layers and their versions in the store; a layer's row stays after its last version is deleted (numbers are not reused). */
final class LayerStore {
    private final Database db;

    LayerStore(Database db) {
        this.db = db;
    }

    /** Stores {@code v} under the layer's next number (its own version is ignored) and returns it numbered. */
    LayerVersion publish(LayerVersion v) {
        return db.transaction(c -> {
            try (var s = c.prepareStatement("INSERT INTO layers (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
                s.setString(1, v.layerName());
                s.executeUpdate();
            }
            long number;
            try (var s = c.prepareStatement("SELECT next_version FROM layers WHERE name = ?")) {
                s.setString(1, v.layerName());
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    number = r.getLong(1);
                }
            }
            try (var s = c.prepareStatement("UPDATE layers SET next_version = next_version + 1 WHERE name = ?")) {
                s.setString(1, v.layerName());
                s.executeUpdate();
            }
            var numbered = new LayerVersion(v.layerName(), number, v.description(), v.licenseInfo(), v.compatibleRuntimes(),
                    v.compatibleArchitectures(), v.code(), v.createdDate(), v.policy(), v.revisionId());
            try (var s = c.prepareStatement("INSERT INTO layer_versions (layer_name, version, description, license_info, "
                    + "compatible_runtimes, compatible_architectures, code_sha256, code_size, created_date, policy, revision_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, numbered.layerName());
                s.setLong(2, number);
                s.setString(3, numbered.description());
                s.setString(4, numbered.licenseInfo().orElse(null));
                s.setString(5, FunctionStore.json(numbered.compatibleRuntimes()));
                s.setString(6, FunctionStore.json(numbered.compatibleArchitectures()));
                s.setString(7, numbered.code().sha256Hex());
                s.setLong(8, numbered.code().size());
                s.setString(9, numbered.createdDate().toString());
                s.setString(10, numbered.policy().orElse(null));
                s.setString(11, numbered.revisionId());
                s.executeUpdate();
            }
            return numbered;
        });
    }

    Optional<LayerVersion> get(String name, long version) {
        return db.read(c -> select(c, "WHERE layer_name = ? AND version = ?", name, version).stream().findFirst());
    }

    /** The layer's versions, newest first (as ListLayerVersions lists them). */
    List<LayerVersion> versions(String name) {
        return db.read(c -> select(c, "WHERE layer_name = ? ORDER BY version DESC", name, null));
    }

    /** Every version of every layer, by layer name and newest first. */
    List<LayerVersion> all() {
        return db.read(c -> select(c, "ORDER BY layer_name, version DESC", null, null));
    }

    boolean delete(String name, long version) {
        return db.transaction(c -> {
            try (var s = c.prepareStatement("DELETE FROM layer_versions WHERE layer_name = ? AND version = ?")) {
                s.setString(1, name);
                s.setLong(2, version);
                return s.executeUpdate() > 0;
            }
        });
    }

    /** Replaces the policy if the version's revision is still {@code revisionId}; false when it changed meanwhile. */
    boolean policy(LayerVersion v, Optional<String> policy, String newRevisionId) {
        return db.transaction(c -> {
            try (var s = c.prepareStatement("UPDATE layer_versions SET policy = ?, revision_id = ? "
                    + "WHERE layer_name = ? AND version = ? AND revision_id = ?")) {
                s.setString(1, policy.orElse(null));
                s.setString(2, newRevisionId);
                s.setString(3, v.layerName());
                s.setLong(4, v.version());
                s.setString(5, v.revisionId());
                return s.executeUpdate() > 0;
            }
        });
    }

    /** Digests of every stored layer version's package. */
    List<String> referencedCode() {
        return db.read(c -> {
            List<String> out = new ArrayList<>();
            try (var s = c.prepareStatement("SELECT code_sha256 FROM layer_versions"); ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(r.getString(1));
            }
            return out;
        });
    }

    private static List<LayerVersion> select(Connection c, String where, String name, Long version) throws SQLException {
        List<LayerVersion> out = new ArrayList<>();
        try (var s = c.prepareStatement("SELECT * FROM layer_versions " + where)) {
            if (name != null) s.setString(1, name);
            if (version != null) s.setLong(2, version);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new LayerVersion(r.getString("layer_name"), r.getLong("version"), r.getString("description"),
                            Optional.ofNullable(r.getString("license_info")),
                            FunctionStore.parse(r.getString("compatible_runtimes"), new TypeReference<List<String>>() {}),
                            FunctionStore.parse(r.getString("compatible_architectures"), new TypeReference<List<String>>() {}),
                            new PackageStore.Code(r.getString("code_sha256"), r.getLong("code_size")),
                            Instant.parse(r.getString("created_date")), Optional.ofNullable(r.getString("policy")),
                            r.getString("revision_id")));
                }
            }
        }
        return out;
    }
}
