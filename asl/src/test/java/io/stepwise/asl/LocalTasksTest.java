package io.stepwise.asl;

import static io.stepwise.asl.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A local run whose unmocked Task states go to a real-call port ({@code stepwise run --functions-endpoint}). */
class LocalTasksTest {
    private static final String MOCKS = """
            {'StateMachines': {'Machine': {'TestCases': {'T': {'Mocked': 'Ok'}}}},
             'MockedResponses': {'Ok': {'0': {'Return': {'mocked': true}}}}}""";

    /** A port that answers every task with its input plus {@code called}, claiming the call took {@code took}. */
    private static final class Port implements LocalExecution.Tasks {
        final List<String> states = new ArrayList<>();
        final Duration took;

        Port(Duration took) {
            this.took = took;
        }

        @Override
        public Optional<Answer> answer(Command.InvokeTask task) {
            states.add(task.stateName());
            var output = ((com.fasterxml.jackson.databind.node.ObjectNode) task.input().deepCopy()).put("called", task.stateName());
            return Optional.of(new Answer(new Event.TaskSucceeded(task.taskId(), output), took));
        }
    }

    private static LocalExecution.Result run(String definition, Port port) {
        return LocalExecution.run(Runs.q(definition), "{}",
                Runs.OPTIONS.withMockConfig(Runs.q(MOCKS), "T").withTasks(port));
    }

    @Test
    void a_state_the_test_case_mocks_is_answered_by_the_mock_and_the_others_by_the_port() {
        Port port = new Port(Duration.ofMillis(40));
        var r = run("""
                {'StartAt': 'Mocked', 'States': {
                  'Mocked': {'Type': 'Task', 'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:a', 'Next': 'Real'},
                  'Real': {'Type': 'Task', 'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:b', 'End': true}}}""", port);
        assertThat(Runs.output(r)).isEqualTo(json("{'mocked': true, 'called': 'Real'}"));
        assertThat(port.states).containsExactly("Real");
        var history = Runs.history(r);
        assertThat(history.getLast().timestamp()).isEqualTo(Runs.START.plusMillis(40));   // the call's real time
    }

    @Test
    void a_call_longer_than_the_task_timeout_times_the_task_out() {
        var r = run("""
                {'StartAt': 'Real', 'States': {
                  'Real': {'Type': 'Task', 'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:b',
                           'TimeoutSeconds': 2, 'End': true}}}""", new Port(Duration.ofSeconds(5)));
        assertThat(Runs.failed(r).error()).isEqualTo("States.Timeout");
        assertThat(Runs.types(r)).doesNotContain("LambdaFunctionSucceeded");
    }

    @Test
    void a_wait_that_falls_due_during_a_call_ends_before_the_call_is_answered() {
        var r = run("""
                {'StartAt': 'Both', 'States': {'Both': {'Type': 'Parallel', 'End': true, 'Branches': [
                  {'StartAt': 'Real', 'States': {'Real': {'Type': 'Task',
                      'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:b', 'End': true}}},
                  {'StartAt': 'Pause', 'States': {'Pause': {'Type': 'Wait', 'Seconds': 3, 'End': true}}}]}}}""",
                new Port(Duration.ofSeconds(10)));
        var types = Runs.types(r);
        assertThat(types.indexOf("WaitStateExited")).isLessThan(types.indexOf("LambdaFunctionSucceeded"));
        var succeeded = Runs.history(r).stream().filter(e -> e.type().equals("LambdaFunctionSucceeded")).findFirst().orElseThrow();
        assertThat(succeeded.timestamp()).isEqualTo(Runs.START.plusSeconds(10));
    }

    @Test
    void without_a_port_an_unmocked_state_still_fails_the_run_naming_it() {
        var r = LocalExecution.run(Runs.q("""
                {'StartAt': 'Real', 'States': {
                  'Real': {'Type': 'Task', 'Resource': 'arn:aws:lambda:us-east-1:123456789012:function:b', 'End': true}}}"""),
                "{}", Runs.OPTIONS.withMockConfig(Runs.q(MOCKS), "T"));
        assertThat(Runs.failed(r).cause()).contains("No mocked response for the Task state 'Real' in test case 'T'");
    }
}
