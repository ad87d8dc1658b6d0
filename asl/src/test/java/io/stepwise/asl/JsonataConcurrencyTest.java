package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One compiled template is shared by every execution of a state machine, so it must evaluate concurrently. */
class JsonataConcurrencyTest {
    @Test
    void one_compiled_template_evaluates_correctly_on_many_threads() throws Exception {
        var template = JsonataTemplate.compile(json("{'sum': '{% $sum($states.input.v) * $k %}', 'n': '{% $count($states.input.v) %}'}"));
        try (var pool = Executors.newFixedThreadPool(4)) {
            var results = new ArrayList<Future<Boolean>>();
            for (int t = 0; t < 400; t++) {
                int n = t;
                Callable<Boolean> task = () -> {
                    var scope = Json.withVariables(Json.scope("{'v': [" + n + ", 1]}"), java.util.Map.of("k", json("2")));
                    return template.evaluate(scope).equals(json("{'sum': " + (2 * (n + 1)) + ", 'n': 2}"));
                };
                results.add(pool.submit(task));
            }
            for (var result : results) assertThat(result.get()).isTrue();
        }
    }
}
