package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tasks of Stepwise's own apps ({@code arn:aws:states:::stepwise:ACTION}) run in process through the port. */
class BuiltInTasksTest extends OnBothStores {
    final BuiltInTasks tasks = new BuiltInTasks() {
        @Override public boolean serves(String action) { return action.equals("double") || action.equals("refuse"); }

        @Override public JsonNode run(String action, JsonNode input) throws Failed {
            if (action.equals("refuse")) throw new Failed("Error", "no " + input.path("n").asInt());
            return Json.read("{\"n\": " + 2 * input.path("n").asInt() + "}");
        }
    };

    ExecutionRow closed(String arn) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!engine.describe(arn).status().closed()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + arn);
            Thread.yield();
        }
        return engine.describe(arn);
    }

    @Test
    void a_built_in_task_answers_and_its_failure_reaches_catch_while_an_unknown_action_has_no_integration() {
        engine.builtInTasks(tasks);
        String m = create("apps", "{'StartAt': 'D', 'States': {"
                + "'D': {'Type': 'Task', 'Resource': 'arn:aws:states:::stepwise:double', 'Next': 'R'},"
                + "'R': {'Type': 'Task', 'Resource': 'arn:aws:states:::stepwise:refuse', 'Catch': [{'ErrorEquals': "
                + "['Error'], 'ResultPath': '$.why', 'Next': 'U'}], 'End': true},"
                + "'U': {'Type': 'Task', 'Resource': 'arn:aws:states:::stepwise:unknown', 'End': true}}}");
        ExecutionRow done = closed(engine.start(m, Optional.empty(), Optional.of("{\"n\": 21}")).executionArn());
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).contains("States.Runtime");
        assertThat(done.cause().orElseThrow()).contains("no integration for the resource 'arn:aws:states:::stepwise:unknown'");
        var history = engine.history(done.arn(), Optional.of(100), Optional.empty(), false).events();
        assertThat(history.stream().filter(e -> e.type().equals("TaskSucceeded")).findFirst().orElseThrow()
                .details().toString()).contains("{\\\"n\\\":42}");
        assertThat(history.stream().filter(e -> e.type().equals("TaskFailed")).findFirst().orElseThrow()
                .details().toString()).contains("\"error\":\"Error\"", "\"cause\":\"no 42\"");
    }
}
