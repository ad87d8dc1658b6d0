package io.stepwise.functions;

import io.stepwise.store.Database;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rows every invocation reads (a function's $LATEST, its versions, an alias), cached in memory. Writes are rare,
 * and each one empties every map after it commits. A read caches its row only if no write finished while it read
 * ({@code generation} unchanged), so a stale row never outlives the write that replaced it. One server process owns
 * the database (the data folder's lock sees to it for the embedded store, not for a PostgreSQL database that servers
 * with different data folders share); several processes would need invalidation messages.
 */
final class StoreCache {
    private final Database db;
    private final AtomicLong generation = new AtomicLong();
    private final List<Map<?, ?>> maps = new CopyOnWriteArrayList<>();

    StoreCache(Database db) {
        this.db = db;
    }

    <K, V> Map<K, V> map() {
        Map<K, V> m = new ConcurrentHashMap<>();
        maps.add(m);
        return m;
    }

    <T> T write(Database.Work<T> work) {
        try {
            return db.transaction(work);
        } finally {
            generation.incrementAndGet();
            maps.forEach(Map::clear);
        }
    }

    <K, V> V read(Map<K, V> map, K key, Database.Work<V> load) {
        V hit = map.get(key);
        if (hit != null) return hit;
        long g = generation.get();
        V v = db.read(load);
        if (generation.get() == g) map.put(key, v);
        return v;
    }
}
