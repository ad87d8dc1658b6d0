package io.stepwise.functions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The most recent invocations of each function, newest first (an in-memory ring per function). */
public final class InvocationRecords {
    private final int perFunction;
    private final Map<String, Deque<InvocationRecord>> byFunction = new ConcurrentHashMap<>();

    InvocationRecords(int perFunction) {
        this.perFunction = perFunction;
    }

    void add(InvocationRecord record) {
        Deque<InvocationRecord> ring = byFunction.computeIfAbsent(record.functionName(), k -> new ArrayDeque<>());
        synchronized (ring) {
            ring.addFirst(record);
            if (ring.size() > perFunction) ring.removeLast();
        }
    }

    public List<InvocationRecord> recent(String functionName, int limit) {
        Deque<InvocationRecord> ring = byFunction.get(functionName);
        if (ring == null) return List.of();
        synchronized (ring) {
            return new ArrayList<>(ring).subList(0, Math.min(limit, ring.size()));
        }
    }
}
