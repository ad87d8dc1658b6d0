package io.stepwise.functions;

import io.stepwise.store.Database;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** Function tags in the store (deleted with their function). */
final class TagStore {
    private final Database db;

    TagStore(Database db) {
        this.db = db;
    }

    Map<String, String> tags(String function) {
        return db.read(c -> {
            Map<String, String> out = new TreeMap<>();
            try (var s = c.prepareStatement("SELECT tag_key, tag_value FROM function_tags WHERE function_name = ?")) {
                s.setString(1, function);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) out.put(r.getString(1), r.getString(2));
                }
            }
            return out;
        });
    }

    void tag(String function, Map<String, String> tags) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("INSERT INTO function_tags (function_name, tag_key, tag_value) VALUES (?, ?, ?) "
                    + "ON CONFLICT (function_name, tag_key) DO UPDATE SET tag_value = excluded.tag_value")) {
                for (var t : tags.entrySet()) {
                    s.setString(1, function);
                    s.setString(2, t.getKey());
                    s.setString(3, t.getValue());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    void untag(String function, Collection<String> keys) {
        db.transaction(c -> {
            try (var s = c.prepareStatement("DELETE FROM function_tags WHERE function_name = ? AND tag_key = ?")) {
                for (String k : keys) {
                    s.setString(1, function);
                    s.setString(2, k);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }
}
