package io.stepwise.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Task tokens of {@code .waitForTaskToken} tasks this node waits on, so that SendTaskSuccess / SendTaskFailure /
 * SendTaskHeartbeat reach their task. Rebuilt when executions are resumed (a replay issues the same tokens: they come
 * from the execution's seeded random generator).
 */
final class Callbacks {
    record Target(Run run, String taskId) {}

    private final Map<String, Target> byToken = new ConcurrentHashMap<>();

    void register(String token, Run run, String taskId) {
        byToken.put(token, new Target(run, taskId));
        run.tokens.put(taskId, token);
    }

    Optional<Target> find(String token) {
        return Optional.ofNullable(byToken.get(token));
    }

    /** The task is over (answered, timed out, cancelled): its token no longer reaches it. */
    void forget(Run run, String taskId) {
        String token = run.tokens.remove(taskId);
        if (token != null) byToken.remove(token);
    }

    void forgetAll(Run run) {
        run.tokens.values().forEach(byToken::remove);
        run.tokens.clear();
    }
}
