package io.stepwise.server;

import static io.stepwise.server.Workflows.FUNCTIONS;
import static io.stepwise.server.Workflows.assertRefused;
import static io.stepwise.server.Workflows.awaitEnd;
import static io.stepwise.server.Workflows.awaitEvent;
import static io.stepwise.server.Workflows.history;
import static io.stepwise.server.Workflows.json;
import static io.stepwise.server.Workflows.types;
import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.EXECUTION_FAILED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.EXECUTION_STARTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.EXECUTION_SUCCEEDED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.LAMBDA_FUNCTION_SCHEDULED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.LAMBDA_FUNCTION_STARTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_ITERATION_STARTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_ITERATION_SUCCEEDED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.MAP_STATE_STARTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.PARALLEL_STATE_STARTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.TASK_FAILED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.TASK_SCHEDULED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.TASK_STARTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.TASK_STATE_ENTERED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.TASK_STATE_EXITED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.TASK_SUCCEEDED;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Lambda tasks on real functions (a python3.12 function deployed through the Lambda API of the same server), run by
 * executions started through the AWS SDK for Java v2: both resource forms, function errors and a missing function,
 * Retry and Catch, a callback ({@code .waitForTaskToken} + SendTaskSuccess/Failure/Heartbeat), Map and Parallel.
 */
class SfnLambdaTasksTest {
    static final String CODE = """
            class AccountClosedError(Exception):
                pass

            def handler(event, context):
                if isinstance(event, dict):
                    if event.get("closed"):
                        raise AccountClosedError("account %s is closed" % event.get("id"))
                    if "token" in event:
                        return {"handedOver": True}
                    if "n" in event:
                        return {"double": event["n"] * 2}
                return {"echo": event, "fn": context.function_name}
            """;
    static final String FN = FUNCTIONS + "tasks";
    static TestServer server;
    static SfnClient sfn;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        sfn = server.sfn;
        server.lambda.createFunction(b -> b.functionName("tasks").runtime(Runtime.PYTHON3_12).role(Workflows.ROLE)
                .handler("app.handler").timeout(60)   // a cold start on a busy 2-core machine can take seconds
                .code(c -> c.zipFile(Zips.of("app.py", CODE))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static DescribeExecutionResponse run(String machine, String definition, String input) {
        String arn = Workflows.create(sfn, machine, definition);
        return awaitEnd(sfn, sfn.startExecution(b -> b.stateMachineArn(arn).input(input)).executionArn());
    }

    static HistoryEvent first(List<HistoryEvent> h, HistoryEventType type) {
        return h.stream().filter(e -> e.type() == type).findFirst().orElseThrow();
    }

    @Test
    void lambda_invoke_returns_invokes_response_with_the_functions_payload() {
        DescribeExecutionResponse d = run("invoke", """
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "tasks", "Payload": {"n.$": "$.n"}}, "End": true}}}""", "{\"n\": 21}");

        assertThat(d.status()).as(d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = json(d.output());
        assertThat(out.get("Payload")).isEqualTo(json("{\"double\": 42}"));
        assertThat(out.get("StatusCode").asInt()).isEqualTo(200);
        assertThat(out.get("ExecutedVersion").asText()).isEqualTo("$LATEST");
        assertThat(out.at("/SdkHttpMetadata/HttpStatusCode").asInt()).isEqualTo(200);
        assertThat(out.at("/SdkHttpMetadata/AllHttpHeaders/X-Amz-Executed-Version/0").asText()).isEqualTo("$LATEST");
        assertThat(out.at("/SdkHttpMetadata/HttpHeaders/Content-Type").asText()).isEqualTo("application/json");
        assertThat(out.at("/SdkHttpMetadata/HttpHeaders/Content-Length").asText()).isEqualTo("14");   // {"double": 42}
        assertThat(out.at("/SdkResponseMetadata/RequestId").asText())
                .isEqualTo(out.at("/SdkHttpMetadata/HttpHeaders/x-amzn-RequestId").asText()).hasSize(36);

        List<HistoryEvent> h = history(sfn, d.executionArn());
        assertThat(types(h)).containsExactly(EXECUTION_STARTED, TASK_STATE_ENTERED, TASK_SCHEDULED, TASK_STARTED,
                TASK_SUCCEEDED, TASK_STATE_EXITED, EXECUTION_SUCCEEDED);
        var scheduled = first(h, TASK_SCHEDULED).taskScheduledEventDetails();
        assertThat(scheduled.resourceType()).isEqualTo("lambda");
        assertThat(scheduled.resource()).isEqualTo("invoke");
        assertThat(scheduled.region()).isEqualTo("us-east-1");
        assertThat(json(scheduled.parameters())).isEqualTo(json("{\"FunctionName\": \"tasks\", \"Payload\": {\"n\": 21}}"));
        assertThat(scheduled.timeoutInSeconds()).as("only when TimeoutSeconds is set").isNull();
        assertThat(first(h, TASK_SUCCEEDED).taskSucceededEventDetails().resource()).isEqualTo("invoke");

        List<HistoryEvent> bare = sfn.getExecutionHistory(b -> b.executionArn(d.executionArn()).includeExecutionData(false))
                .events();
        assertThat(first(bare, TASK_SCHEDULED).taskScheduledEventDetails().parameters()).as("the task's input").isNull();
        assertThat(first(bare, TASK_SCHEDULED).taskScheduledEventDetails().resource()).isEqualTo("invoke");
        assertThat(first(bare, TASK_SUCCEEDED).taskSucceededEventDetails().output()).isNull();
    }

    @Test
    void a_plain_function_arn_passes_the_input_and_returns_the_functions_own_output() {
        DescribeExecutionResponse d = run("plain-arn", """
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "%s", "End": true}}}""".formatted(FN),
                "{\"n\": 5}");

        assertThat(d.status()).as(d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(d.output())).isEqualTo(json("{\"double\": 10}"));
        List<HistoryEvent> h = history(sfn, d.executionArn());
        assertThat(types(h)).containsExactly(EXECUTION_STARTED, TASK_STATE_ENTERED, LAMBDA_FUNCTION_SCHEDULED,
                LAMBDA_FUNCTION_STARTED, LAMBDA_FUNCTION_SUCCEEDED, TASK_STATE_EXITED, EXECUTION_SUCCEEDED);
        var scheduled = first(h, LAMBDA_FUNCTION_SCHEDULED).lambdaFunctionScheduledEventDetails();
        assertThat(scheduled.resource()).isEqualTo(FN);
        assertThat(json(scheduled.input())).isEqualTo(json("{\"n\": 5}"));
        assertThat(json(first(h, LAMBDA_FUNCTION_SUCCEEDED).lambdaFunctionSucceededEventDetails().output()))
                .isEqualTo(json("{\"double\": 10}"));
    }

    @Test
    void a_function_error_fails_the_execution_with_its_error_type_and_its_error_json_as_the_cause() {
        DescribeExecutionResponse d = run("raises", """
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "%s", "Payload.$": "$"}, "End": true}}}""".formatted(FN),
                "{\"closed\": true, \"id\": 7}");

        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("AccountClosedError");
        JsonNode cause = json(d.cause());
        assertThat(cause.get("errorType").asText()).isEqualTo("AccountClosedError");
        assertThat(cause.get("errorMessage").asText()).isEqualTo("account 7 is closed");
        assertThat(cause.get("requestId").asText()).hasSize(36);
        assertThat(cause.get("stackTrace").isArray()).isTrue();
        List<HistoryEvent> h = history(sfn, d.executionArn());
        assertThat(types(h)).containsSubsequence(TASK_SCHEDULED, TASK_STARTED, TASK_FAILED, EXECUTION_FAILED);
        var failed = first(h, TASK_FAILED).taskFailedEventDetails();
        assertThat(failed.error()).isEqualTo("AccountClosedError");
        assertThat(failed.cause()).isEqualTo(d.cause());
        assertThat(failed.resourceType()).isEqualTo("lambda");
    }

    @Test
    void a_missing_function_fails_the_task_with_lambda_resource_not_found_as_the_java_sdk_words_it() {
        DescribeExecutionResponse d = run("missing", """
                {"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Parameters": {"FunctionName": "%snobody"}, "End": true}}}""".formatted(FUNCTIONS), "{}");

        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("Lambda.ResourceNotFoundException");
        assertThat(d.cause()).matches("Function not found: " + FUNCTIONS + "nobody \\(Service: AWSLambda; "
                + "Status Code: 404; Error Code: ResourceNotFoundException; Request ID: [0-9a-f-]{36}; Proxy: null\\)");
        assertThat(types(history(sfn, d.executionArn()))).containsSubsequence(TASK_SCHEDULED, TASK_STARTED, TASK_FAILED);
    }

    @Test
    void retries_a_failing_function_then_catches_its_error_into_the_result_path() {
        DescribeExecutionResponse d = run("retried", """
                {"StartAt": "Call", "States": {
                  "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                           "Parameters": {"FunctionName": "tasks", "Payload.$": "$"},
                           "Retry": [{"ErrorEquals": ["AccountClosedError"], "IntervalSeconds": 1, "MaxAttempts": 2, "BackoffRate": 1}],
                           "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.failure", "Next": "Handled"}], "End": true},
                  "Handled": {"Type": "Pass", "End": true}}}""", "{\"closed\": true, \"id\": 3}");

        assertThat(d.status()).as(d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode out = json(d.output());
        assertThat(out.at("/failure/Error").asText()).isEqualTo("AccountClosedError");
        assertThat(json(out.at("/failure/Cause").asText()).get("errorMessage").asText()).isEqualTo("account 3 is closed");
        assertThat(out.get("id").asInt()).as("the input is kept beside the caught error").isEqualTo(3);
        List<HistoryEvent> h = history(sfn, d.executionArn());
        assertThat(h.stream().filter(e -> e.type() == TASK_SCHEDULED)).as("the first attempt and two retries").hasSize(3);
        assertThat(h.stream().filter(e -> e.type() == TASK_FAILED)).hasSize(3);
    }

    static final String CALLBACK = """
            {"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters": {"FunctionName": "tasks", "Payload": {"token.$": "$$.Task.Token"}}, "HeartbeatSeconds": 600, "End": true}}}""";

    /** The token the function was handed: TaskScheduled's parameters carry it. */
    static String tokenOf(String executionArn) {
        List<HistoryEvent> h = awaitEvent(sfn, executionArn, TASK_SCHEDULED);
        return json(first(h, TASK_SCHEDULED).taskScheduledEventDetails().parameters()).at("/Payload/token").asText();
    }

    @Test
    void a_callback_task_waits_for_send_task_success_and_its_token_then_stops_working() {
        String machine = Workflows.create(sfn, "approval", CALLBACK);
        String arn = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        String token = tokenOf(arn);

        sfn.sendTaskHeartbeat(b -> b.taskToken(token));
        assertThat(sfn.describeExecution(b -> b.executionArn(arn)).status()).isEqualTo(ExecutionStatus.RUNNING);
        assertRefused(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{not json")), "InvalidOutput", 400,
                "Invalid Output: 'Unexpected character ('n' (code 110)): was expecting double-quote to start field name'");
        sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"approved\": true}"));

        DescribeExecutionResponse d = awaitEnd(sfn, arn);
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(d.output())).isEqualTo(json("{\"approved\": true}"));
        assertThat(types(history(sfn, arn))).containsSubsequence(TASK_SCHEDULED, TASK_STARTED, TASK_SUCCEEDED, EXECUTION_SUCCEEDED);
        String gone = "Task Does Not Exist: the task token is not waited for by any running execution";
        assertRefused(() -> sfn.sendTaskSuccess(b -> b.taskToken(token).output("{}")), "TaskDoesNotExist", 400, gone);
        assertRefused(() -> sfn.sendTaskHeartbeat(b -> b.taskToken(token)), "TaskDoesNotExist", 400, gone);
        assertRefused(() -> sfn.sendTaskFailure(b -> b.taskToken("not-a-token")), "InvalidToken", 400,
                "Invalid Token: 'Invalid token'");
    }

    @Test
    void send_task_failure_fails_the_waiting_task_with_the_error_and_cause_given() {
        String machine = Workflows.create(sfn, "rejection", CALLBACK);
        String arn = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        String token = tokenOf(arn);

        sfn.sendTaskFailure(b -> b.taskToken(token).error("Rejected").cause("the reviewer said no"));

        DescribeExecutionResponse d = awaitEnd(sfn, arn);
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(d.error()).isEqualTo("Rejected");
        assertThat(d.cause()).isEqualTo("the reviewer said no");
        assertThat(first(history(sfn, arn), TASK_FAILED).taskFailedEventDetails().error()).isEqualTo("Rejected");
    }

    @Test
    void an_inline_map_runs_the_function_for_every_item_never_more_than_max_concurrency_at_once() {
        DescribeExecutionResponse d = run("mapped", """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
                  "ItemProcessor": {"StartAt": "Double", "States": {"Double": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "tasks", "Payload": {"n.$": "$"}}, "ResultSelector": {"d.$": "$.Payload.double"},
                    "OutputPath": "$.d", "End": true}}}, "End": true}}}""", "{\"items\": [1, 2, 3, 4, 5, 6]}");

        assertThat(d.status()).as(d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(d.output())).isEqualTo(json("[2, 4, 6, 8, 10, 12]"));
        List<HistoryEvent> h = history(sfn, d.executionArn());
        assertThat(first(h, MAP_STATE_STARTED).mapStateStartedEventDetails().length()).isEqualTo(6);
        assertThat(h.stream().filter(e -> e.type() == MAP_ITERATION_STARTED)).hasSize(6);
        assertThat(h.stream().filter(e -> e.type() == MAP_ITERATION_SUCCEEDED)).hasSize(6);
        int running = 0;
        int most = 0;
        for (HistoryEvent e : h) {
            if (e.type() == MAP_ITERATION_STARTED) most = Math.max(most, ++running);
            if (e.type() == MAP_ITERATION_SUCCEEDED) running--;
        }
        assertThat(most).as("iterations running at once").isEqualTo(2);
    }

    @Test
    void a_parallel_state_runs_its_branches_and_collects_their_outputs_in_order() {
        DescribeExecutionResponse d = run("parallel", """
                {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
                  {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "%s", "Parameters": {"n": 1}, "End": true}}},
                  {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "%s", "Parameters": {"n": 2}, "End": true}}}]}}}"""
                .formatted(FN, FN), "{}");

        assertThat(d.status()).as(d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(d.output())).isEqualTo(json("[{\"double\": 2}, {\"double\": 4}]"));
        assertThat(types(history(sfn, d.executionArn()))).contains(PARALLEL_STATE_STARTED)
                .filteredOn(t -> t == LAMBDA_FUNCTION_SUCCEEDED).hasSize(2);
    }
}
