package io.stepwise.functions;

import com.fasterxml.jackson.core.type.TypeReference;
import io.stepwise.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Aliases in the store; the lookup an invocation makes is cached ({@link StoreCache}). */
final class AliasStore {
    private final Database db;
    private final StoreCache cache;
    private final Map<String, Optional<Alias>> aliasCache;

    AliasStore(Database db, StoreCache cache) {
        this.db = db;
        this.cache = cache;
        this.aliasCache = cache.map();
    }

    boolean insertAlias(Alias a) {
        return cache.write(c -> {
            if (alias(c, a.functionName(), a.name()).isPresent()) return false;
            try (var s = c.prepareStatement("INSERT INTO function_aliases (function_name, name, function_version, "
                    + "description, routing, revision_id) VALUES (?, ?, ?, ?, ?, ?)")) {
                s.setString(1, a.functionName());
                s.setString(2, a.name());
                s.setString(3, a.functionVersion());
                s.setString(4, a.description());
                s.setString(5, FunctionStore.json(a.weights()));
                s.setString(6, a.revisionId());
                s.executeUpdate();
            }
            return true;
        });
    }

    void updateAlias(Alias a) {
        cache.write(c -> {
            try (var s = c.prepareStatement("UPDATE function_aliases SET function_version = ?, description = ?, routing = ?, "
                    + "revision_id = ? WHERE function_name = ? AND name = ?")) {
                s.setString(1, a.functionVersion());
                s.setString(2, a.description());
                s.setString(3, FunctionStore.json(a.weights()));
                s.setString(4, a.revisionId());
                s.setString(5, a.functionName());
                s.setString(6, a.name());
                return s.executeUpdate();
            }
        });
    }

    Optional<Alias> alias(String function, String name) {
        return cache.read(aliasCache, function + "\u0000" + name, c -> alias(c, function, name));
    }

    List<Alias> aliases(String function) {
        return db.read(c -> {
            try (var s = c.prepareStatement("SELECT * FROM function_aliases WHERE function_name = ? ORDER BY name")) {
                s.setString(1, function);
                return aliasRows(s);
            }
        });
    }

    boolean deleteAlias(String function, String name) {
        return cache.write(c -> {
            try (var s = c.prepareStatement("DELETE FROM function_aliases WHERE function_name = ? AND name = ?")) {
                s.setString(1, function);
                s.setString(2, name);
                return s.executeUpdate() > 0;
            }
        });
    }

    private static Optional<Alias> alias(Connection c, String function, String name) throws SQLException {
        try (var s = c.prepareStatement("SELECT * FROM function_aliases WHERE function_name = ? AND name = ?")) {
            s.setString(1, function);
            s.setString(2, name);
            return aliasRows(s).stream().findFirst();
        }
    }

    private static List<Alias> aliasRows(PreparedStatement s) throws SQLException {
        List<Alias> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                Map<String, Double> weights = FunctionStore.parse(r.getString("routing"), new TypeReference<>() {});
                out.add(new Alias(r.getString("function_name"), r.getString("name"), r.getString("function_version"),
                        r.getString("description"), weights, r.getString("revision_id")));
            }
        }
        return out;
    }
}
