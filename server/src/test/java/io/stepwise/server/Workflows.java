package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.SfnException;

/** What the Step Functions API tests share: ARNs of the test account, definitions, waiting for an end, refusals. */
final class Workflows {
    static final String ROLE = "arn:aws:iam::123456789012:role/workflows";
    static final String STATES = "arn:aws:states:us-east-1:123456789012:";
    static final String FUNCTIONS = "arn:aws:lambda:us-east-1:123456789012:function:";
    static final ObjectMapper JSON = new ObjectMapper();

    static final String PASS = """
            {"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "Result": {"hello": "world"}, "ResultPath": "$.greeting", "End": true}}}""";
    static final String WAIT_LONG = """
            {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 3600, "End": true}}}""";
    /** Succeeds with its input, or fails when the input says {"fail": true}. */
    static final String CHOOSE = """
            {"StartAt": "Decide", "States": {
              "Decide": {"Type": "Choice", "Choices": [{"Variable": "$.fail", "BooleanEquals": true, "Next": "Broken"}], "Default": "Done"},
              "Broken": {"Type": "Fail", "Error": "Asked.ToFail", "Cause": "the input said so"},
              "Done": {"Type": "Succeed"}}}""";

    private Workflows() {}

    static String machineArn(String name) { return STATES + "stateMachine:" + name; }

    static String executionArn(String machine, String name) { return STATES + "execution:" + machine + ":" + name; }

    static String create(SfnClient sfn, String name, String definition) {
        return sfn.createStateMachine(b -> b.name(name).definition(definition).roleArn(ROLE)).stateMachineArn();
    }

    /** Polls DescribeExecution until the execution is no longer RUNNING (the deadline only turns a hang into a failure). */
    static DescribeExecutionResponse awaitEnd(SfnClient sfn, String executionArn) {
        return Eventually.until(() -> sfn.describeExecution(b -> b.executionArn(executionArn)),
                d -> d.status() != ExecutionStatus.RUNNING, "the end of " + executionArn);
    }

    /** Polls the history until an event of this type is in it. */
    static List<HistoryEvent> awaitEvent(SfnClient sfn, String executionArn, HistoryEventType type) {
        return Eventually.until(() -> history(sfn, executionArn), h -> h.stream().anyMatch(e -> e.type() == type),
                "a " + type + " event in " + executionArn);
    }

    /** Every event, through the SDK's paginator. */
    static List<HistoryEvent> history(SfnClient sfn, String executionArn) {
        return sfn.getExecutionHistoryPaginator(b -> b.executionArn(executionArn)).events().stream().toList();
    }

    static List<HistoryEventType> types(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvent::type).toList();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The call fails with this AWS error code, HTTP status and message. */
    static SfnException assertRefused(ThrowingCallable call, String code, int status, String message) {
        SfnException e = refusal(call, code, status);
        assertThat(e.awsErrorDetails().errorMessage()).as("the message of %s", code).isEqualTo(message);
        return e;
    }

    /** The call fails with this AWS error code and HTTP status (the message is checked by the caller). */
    static SfnException refusal(ThrowingCallable call, String code, int status) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("a refusal with %s", code).isInstanceOf(SfnException.class);
        SfnException e = (SfnException) t;
        assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status);
        return e;
    }
}
