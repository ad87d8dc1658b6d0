package io.stepwise.server;

import static io.stepwise.server.Workflows.PASS;
import static io.stepwise.server.Workflows.ROLE;
import static io.stepwise.server.Workflows.STATES;
import static io.stepwise.server.Workflows.WAIT_LONG;
import static io.stepwise.server.Workflows.assertRefused;
import static io.stepwise.server.Workflows.machineArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * Bad input of every kind sent to the Step Functions API as raw AWS JSON 1.0 requests (malformed JSON, wrong types,
 * missing members, invalid ASL, unknown ARNs, duplicate names, oversized members, unknown operations): each answer is
 * AWS's error, status and message, never a 500, always {@code {"__type", "message"}} with {@code X-Amzn-ErrorType}.
 */
class SfnBadInputTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String KNOWN = machineArn("known");
    static final String DONE = STATES + "execution:known:done";
    static TestServer server;
    static SfnClient sfn;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        sfn = server.sfn;
        sfn.createStateMachine(b -> b.name("known").definition(PASS).roleArn(ROLE).publish(true));
        sfn.createStateMachineAlias(b -> b.name("live").routingConfiguration(r -> r.stateMachineVersionArn(KNOWN + ":1").weight(100)));
        sfn.createStateMachine(b -> b.name("known-express").definition(PASS).roleArn(ROLE).type(StateMachineType.EXPRESS));
        Workflows.awaitEnd(sfn, sfn.startExecution(b -> b.stateMachineArn(KNOWN).name("done")).executionArn());
        String holding = Workflows.create(sfn, "holding", WAIT_LONG);
        sfn.startExecution(b -> b.stateMachineArn(holding).name("waiting").input("{\"a\": 1}"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A request and the refusal it must get; a message ending in "…" is a prefix. */
    record Case(String what, String target, String body, int status, String type, String message) {
        @Override
        public String toString() { return what; }
    }

    static Case refused(String what, String operation, String body, String type, String message) {
        return new Case(what, "AWSStepFunctions." + operation, body, 400, type, message);
    }

    static String invalid(String value, String member, String constraint) {
        return "1 validation error detected: Value " + value + " at '" + member + "' failed to satisfy constraint: " + constraint;
    }

    static final String SHORT = "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}}}";

    static String create(String name, String definition, String more) {
        return "{\"name\": \"" + name + "\", \"roleArn\": \"" + ROLE + "\", \"definition\": " + Workflows.JSON.valueToTree(definition)
                + more + "}";
    }

    static Stream<Case> cases() {
        String express = machineArn("known-express");
        String bigInput = "{\"a\": \"" + "x".repeat(262_144) + "\"}";
        String bigDefinition = SHORT.replace("\"End\"", "\"Comment\": \"" + "c".repeat(1_048_576) + "\", \"End\"");
        return Stream.of(
                // the request itself
                new Case("an unknown operation", "AWSStepFunctions.Frobnicate", "{}", 400, "UnknownOperationException",
                        "Unknown operation: AWSStepFunctions.Frobnicate"),
                new Case("another service's target", "AmazonSQS.SendMessage", "{}", 400, "UnknownOperationException",
                        "Unknown operation: AmazonSQS.SendMessage"),
                refused("a body that is not JSON", "ListStateMachines", "{\"maxResults\": ", "SerializationException",
                        "Could not parse the request body as JSON: …"),
                refused("a body that is a JSON array", "DescribeStateMachine", "[\"" + KNOWN + "\"]", "SerializationException",
                        "Start of structure or map not found: the request body must be a JSON object"),
                refused("binary garbage", "StartExecution", "\u0000\u00ff\u00fe{", "SerializationException",
                        "Could not parse the request body as JSON: …"),
                refused("a truncated request", "CreateStateMachine", create("cut", SHORT, "").substring(0, 40),
                        "SerializationException", "Could not parse the request body as JSON: …"),
                // missing and mistyped members
                refused("no body", "DescribeStateMachine", "", "ValidationException",
                        invalid("null", "stateMachineArn", "Member must not be null")),
                refused("a missing output", "SendTaskSuccess", "{\"taskToken\": \"t\"}", "ValidationException",
                        "1 validation error detected: Value at 'output' failed to satisfy constraint: Member must not be null"),
                refused("a name that is a number", "CreateStateMachine", "{\"name\": 5, \"definition\": \"{}\", \"roleArn\": \""
                        + ROLE + "\"}", "SerializationException", "Expected a string for 'name', not NUMBER"),
                refused("a definition that is an object", "CreateStateMachine", "{\"name\": \"x\", \"definition\": {}, "
                        + "\"roleArn\": \"" + ROLE + "\"}", "SerializationException", "Expected a string for 'definition', not OBJECT"),
                refused("an input that is an object", "StartExecution", "{\"stateMachineArn\": \"" + KNOWN + "\", \"input\": {}}",
                        "SerializationException", "Expected a string for 'input', not OBJECT"),
                refused("maxResults as a string", "ListExecutions", "{\"stateMachineArn\": \"" + KNOWN + "\", \"maxResults\": \"5\"}",
                        "SerializationException", "Expected an integer for 'maxResults', not \"5\""),
                refused("maxResults as a fraction", "ListStateMachines", "{\"maxResults\": 1.5}", "SerializationException",
                        "Expected an integer for 'maxResults', not 1.5"),
                refused("maxResults beyond an int", "ListStateMachines", "{\"maxResults\": 99999999999}", "SerializationException",
                        "Expected an integer for 'maxResults', not 99999999999"),
                refused("a negative maxResults", "ListStateMachines", "{\"maxResults\": -1}", "ValidationException",
                        invalid("'-1'", "maxResults", "Member must have value greater than or equal to 0")),
                refused("a boolean as a string", "GetExecutionHistory", "{\"executionArn\": \"" + DONE
                        + "\", \"includeExecutionData\": \"yes\"}", "SerializationException",
                        "Expected a boolean for 'includeExecutionData', not \"yes\""),
                refused("tags as an object", "TagResource", "{\"resourceArn\": \"" + KNOWN + "\", \"tags\": {\"a\": \"b\"}}",
                        "SerializationException", "Expected a list for 'tags', not OBJECT"),
                refused("a tag without a key", "TagResource", "{\"resourceArn\": \"" + KNOWN + "\", \"tags\": [{\"value\": \"b\"}]}",
                        "SerializationException", "Expected a tag with a string 'key' in 'tags', not {\"value\":\"b\"}"),
                refused("an empty tag key", "TagResource", "{\"resourceArn\": \"" + KNOWN + "\", \"tags\": [{\"key\": \"\"}]}",
                        "ValidationException", invalid("''", "tags.member.key", "Member must have length greater than or equal to 1")),
                refused("a routing item of the wrong types", "CreateStateMachineAlias", "{\"name\": \"a\", \"routingConfiguration\": "
                        + "[{\"stateMachineVersionArn\": 5, \"weight\": \"x\"}]}", "SerializationException",
                        "Expected {stateMachineVersionArn: string, weight: integer} in 'routingConfiguration', not "
                                + "{\"stateMachineVersionArn\":5,\"weight\":\"x\"}"),
                refused("an empty routing configuration", "CreateStateMachineAlias", "{\"name\": \"a\", \"routingConfiguration\": []}",
                        "ValidationException", invalid("'[]'", "routingConfiguration", "Member must have length greater than or equal to 1")),
                refused("an enum value in lower case", "ListExecutions", "{\"stateMachineArn\": \"" + KNOWN
                        + "\", \"statusFilter\": \"succeeded\"}", "ValidationException", invalid("'succeeded'", "statusFilter",
                        "Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]")),
                refused("an unknown machine type", "CreateStateMachine", create("typed", SHORT, ", \"type\": \"FAST\""),
                        "ValidationException", invalid("'FAST'", "type", "Member must satisfy enum value set: [STANDARD, EXPRESS]")),
                // invalid ASL and configurations
                refused("a definition that is not JSON", "CreateStateMachine", create("bad-json", "{\"StartAt\": ", ""),
                        "InvalidDefinition", "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: …"),
                refused("a transition to nowhere", "CreateStateMachine", create("bad-next",
                        "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}}}", ""),
                        "InvalidDefinition", "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' "
                                + "target: B at /States/A/Next, MISSING_END_STATE: Workflow has no terminal state at null'"),
                refused("a callback in an express machine", "CreateStateMachine", create("bad-express", "{\"StartAt\": \"P\", "
                        + "\"States\": {\"P\": {\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::sqs:sendMessage.waitForTaskToken\", "
                        + "\"End\": true}}}", ", \"type\": \"EXPRESS\""), "InvalidDefinition", "Invalid State Machine Definition: "
                        + "'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service "
                        + "integration  at /States/P/Resource'"),
                refused("a log level without a destination", "CreateStateMachine", create("bad-logs", SHORT,
                        ", \"loggingConfiguration\": {\"level\": \"ALL\"}"), "InvalidLoggingConfiguration",
                        "Invalid Logging Configuration: Must specify exactly one Log Destination."),
                refused("a role that is not an ARN", "CreateStateMachine", "{\"name\": \"roleless\", \"roleArn\": \"admin\", "
                        + "\"definition\": " + Workflows.JSON.valueToTree(SHORT) + "}", "InvalidArn", "Invalid Arn: 'Invalid ARN prefix: admin'"),
                // names
                refused("a machine name with a space", "CreateStateMachine", create("two words", SHORT, ""), "InvalidName",
                        "Invalid Name: 'two words'"),
                refused("a machine name of 81 characters", "CreateStateMachine", create("m".repeat(81), SHORT, ""),
                        "ValidationException", invalid("'" + "m".repeat(81) + "'", "name", "Member must have length less than or equal to 80")),
                refused("an execution name with a colon", "StartExecution", "{\"stateMachineArn\": \"" + KNOWN + "\", \"name\": \"a:b\"}",
                        "InvalidName", "Invalid Name: 'a:b'"),
                // unknown and malformed ARNs
                refused("a machine ARN without arn:", "DescribeStateMachine", "{\"stateMachineArn\": \"known\"}", "InvalidArn",
                        "Invalid Arn: 'Invalid ARN prefix: known'"),
                refused("a Lambda ARN as a machine", "StartExecution", "{\"stateMachineArn\": \"" + Workflows.FUNCTIONS + "f\"}",
                        "InvalidArn", "Invalid Arn: '" + Workflows.FUNCTIONS + "f'"),
                refused("an unknown machine", "StartExecution", "{\"stateMachineArn\": \"" + machineArn("nobody") + "\"}",
                        "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + machineArn("nobody") + "'"),
                refused("an unknown version", "StartExecution", "{\"stateMachineArn\": \"" + KNOWN + ":9\"}",
                        "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + KNOWN + ":9'"),
                refused("an unknown alias", "StartExecution", "{\"stateMachineArn\": \"" + KNOWN + ":dev\"}",
                        "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + KNOWN + ":dev'"),
                new Case("a labelled ARN of a Distributed Map", "AWSStepFunctions.StartExecution", "{\"stateMachineArn\": \""
                        + KNOWN + "/Each\"}", 400, "ValidationException", "Stepwise does not support labelled state machine ARNs "
                        + "(the ARN of a Distributed Map state): '" + KNOWN + "/Each'"),
                refused("an unknown execution", "DescribeExecution", "{\"executionArn\": \"" + STATES + "execution:known:nobody\"}",
                        "ExecutionDoesNotExist", "Execution Does Not Exist: '" + STATES + "execution:known:nobody'"),
                refused("an execution ARN cut short", "GetExecutionHistory", "{\"executionArn\": \"" + STATES + "execution:known\"}",
                        "InvalidArn", "Invalid Arn: '" + STATES + "execution:known'"),
                refused("a machine ARN as an execution", "StopExecution", "{\"executionArn\": \"" + KNOWN + "\"}", "InvalidArn",
                        "Invalid Arn: '" + KNOWN + "'"),
                refused("an express execution", "DescribeExecution", "{\"executionArn\": \"" + STATES
                        + "express:known-express:x:0b5c3c7e-8a3e-4b8e-9c49-4a1d2c1f9e11\"}", "InvalidArn",
                        "Invalid Arn: 'Resource type not valid in this context: express'"),
                refused("an unknown alias to describe", "DescribeStateMachineAlias", "{\"stateMachineAliasArn\": \"" + KNOWN
                        + ":dev\"}", "ResourceNotFound", "Request references a resource that does not exist."),
                refused("a Map Run", "ListExecutions", "{\"mapRunArn\": \"" + STATES + "mapRun:known/Each:1\"}", "ResourceNotFound",
                        "Resource not found: '" + STATES + "mapRun:known/Each:1'"),
                refused("neither a machine nor a Map Run", "ListExecutions", "{}", "ValidationException",
                        "Must provide a StateMachine ARN or MapRun ARN"),
                refused("an express machine's executions", "ListExecutions", "{\"stateMachineArn\": \"" + express + "\"}",
                        "StateMachineTypeNotSupported", "This operation is not supported by this type of state machine"),
                refused("a task token never issued", "SendTaskHeartbeat", "{\"taskToken\": \"forged\"}", "InvalidToken",
                        "Invalid Token: 'Invalid token'"),
                // duplicates
                refused("a machine name taken by another definition", "CreateStateMachine", create("known", SHORT, ""),
                        "StateMachineAlreadyExists", "State Machine Already Exists: '" + KNOWN + "'"),
                refused("an execution name taken by an execution that ended", "StartExecution", "{\"stateMachineArn\": \"" + KNOWN
                        + "\", \"name\": \"done\"}", "ExecutionAlreadyExists", "Execution Already Exists: '" + DONE + "'"),
                refused("a running execution's name with another input", "StartExecution", "{\"stateMachineArn\": \""
                        + machineArn("holding") + "\", \"name\": \"waiting\", \"input\": \"{}\"}", "ExecutionAlreadyExists",
                        "Execution Already Exists: '" + STATES + "execution:holding:waiting'"),
                new Case("an alias name taken by another routing", "AWSStepFunctions.CreateStateMachineAlias", "{\"name\": \"live\", "
                        + "\"description\": \"other\", \"routingConfiguration\": [{\"stateMachineVersionArn\": \"" + KNOWN
                        + ":1\", \"weight\": 100}]}", 409, "ConflictException", "Failed to create alias because an alias with the "
                        + "same name and a different routing configuration already exists."),
                // bad execution input and oversized members
                refused("an input that is not JSON", "StartExecution", "{\"stateMachineArn\": \"" + KNOWN + "\", \"input\": \"not json\"}",
                        "InvalidExecutionInput", "Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting "
                                + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')'"),
                refused("an input with single quotes", "StartExecution", "{\"stateMachineArn\": \"" + KNOWN
                        + "\", \"input\": \"{'a': 1}\"}", "InvalidExecutionInput", "Invalid State Machine Execution Input: "
                        + "'Unexpected character (''' (code 39)): was expecting double-quote to start field name'"),
                refused("an empty input", "StartExecution", "{\"stateMachineArn\": \"" + KNOWN + "\", \"input\": \"\"}",
                        "InvalidExecutionInput", "Invalid State Machine Execution Input: 'Invalid execution input.'"),
                refused("an input above 256 KiB", "StartExecution", "{\"stateMachineArn\": \"" + KNOWN + "\", \"input\": "
                        + Workflows.JSON.valueToTree(bigInput) + "}", "ValidationException", "1 validation error detected: Value at "
                        + "'input' failed to satisfy constraint: Member must have length less than or equal to 262144"),
                refused("an input above 256 KiB of UTF-8", "StartExecution", "{\"stateMachineArn\": \"" + KNOWN + "\", \"input\": "
                        + Workflows.JSON.valueToTree("\"" + "é".repeat(140_000) + "\"") + "}", "ValidationException",
                        "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less "
                                + "than or equal to 262144"),
                refused("a definition above 1 MiB", "CreateStateMachine", create("huge", bigDefinition, ""), "ValidationException",
                        "1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length "
                                + "less than or equal to 1048576"),
                refused("a task output above 256 KiB", "SendTaskSuccess", "{\"taskToken\": \"t\", \"output\": "
                        + Workflows.JSON.valueToTree(bigInput) + "}", "ValidationException", "1 validation error detected: Value at "
                        + "'output' failed to satisfy constraint: Member must have length less than or equal to 262144"),
                refused("a huge next token", "ListExecutions", "{\"stateMachineArn\": \"" + KNOWN + "\", \"nextToken\": \""
                        + "t".repeat(3097) + "\"}", "ValidationException", invalid("'" + "t".repeat(3097) + "'", "nextToken",
                        "Member must have length less than or equal to 3096")),
                refused("a next token from nowhere", "GetExecutionHistory", "{\"executionArn\": \"" + DONE
                        + "\", \"nextToken\": \"bm9wZQ\"}", "InvalidToken", "Invalid Token: 'Invalid token'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bad_input_gets_the_aws_error_with_its_status_and_message_never_a_500(Case c) throws Exception {
        HttpResponse<String> r = post(c.target(), c.body());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(c.status());
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).contains(c.type());
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-amz-json-1.0");
        JsonNode body = Workflows.json(r.body());
        assertThat(body.get("__type").asText()).endsWith("#" + c.type());
        String message = body.get("message").asText();
        if (c.message().endsWith("…")) assertThat(message).startsWith(c.message().substring(0, c.message().length() - 1));
        else assertThat(message).isEqualTo(c.message());
    }

    @Test
    void error_namespaces_are_awss_request_validation_the_framework_and_the_service() throws Exception {
        assertThat(type(post("AWSStepFunctions.DescribeStateMachine", "{}"))).isEqualTo("com.amazon.coral.validate#ValidationException");
        assertThat(type(post("AWSStepFunctions.DescribeStateMachine", "{"))).isEqualTo("com.amazon.coral.service#SerializationException");
        assertThat(type(post("AWSStepFunctions.Nope", "{}"))).isEqualTo("com.amazon.coral.service#UnknownOperationException");
        assertThat(type(post("AWSStepFunctions.DescribeStateMachine", "{\"stateMachineArn\": \"" + machineArn("x") + "\"}")))
                .isEqualTo("com.amazonaws.swf.service.v2.model#StateMachineDoesNotExist");
    }

    @Test
    void members_of_an_error_shape_beyond_the_message_are_sent() throws Exception {
        JsonNode tagged = Workflows.json(post("AWSStepFunctions.TagResource", "{\"resourceArn\": \"" + KNOWN + ":1\", \"tags\": []}").body());
        assertThat(tagged.get("resourceName").asText()).isEqualTo(KNOWN + ":1");
        JsonNode labelled = Workflows.json(post("AWSStepFunctions.DescribeStateMachine", "{\"stateMachineArn\": \"" + KNOWN
                + "/Each\"}").body());
        assertThat(labelled.get("reason").asText()).isEqualTo("API_DOES_NOT_SUPPORT_LABELED_ARNS");
    }

    @Test
    void the_sdk_raises_the_typed_exception_of_each_error() {
        var e = assertRefused(() -> sfn.describeStateMachine(b -> b.stateMachineArn(machineArn("ghost"))),
                "StateMachineDoesNotExist", 400, "State Machine Does Not Exist: '" + machineArn("ghost") + "'");
        assertThat(e).isInstanceOf(StateMachineDoesNotExistException.class);
        assertThat(e.requestId()).as("x-amzn-RequestId").hasSize(36);
        var tooMany = assertRefused(() -> sfn.tagResource(b -> b.resourceArn(KNOWN).tags(List.of())
                .tags(java.util.stream.IntStream.range(0, 51).mapToObj(i -> software.amazon.awssdk.services.sfn.model.Tag.builder()
                        .key("k" + i).value("v").build()).toList())), "TooManyTags", 400,
                "Too many tags: a resource may have at most 50 tags, this one would have 51");
        assertThat(((software.amazon.awssdk.services.sfn.model.TooManyTagsException) tooMany).resourceName()).isEqualTo(KNOWN);
    }

    @Test
    void a_body_beyond_the_servers_request_limit_is_refused_with_413_not_a_500() throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", server.server.port())) {
            var out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AWSStepFunctions.StartExecution\r\n"
                    + "Content-Type: application/x-amz-json-1.0\r\nContent-Length: " + (StepwiseServer.MAX_REQUEST_BYTES + 1)
                    + "\r\n\r\n{\"input\": \"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413 ").contains("X-Amzn-ErrorType: RequestEntityTooLargeException")
                    .contains("{\"__type\":\"com.amazon.coral.service#RequestEntityTooLargeException\",\"message\":\"Request must "
                            + "be smaller than " + StepwiseServer.MAX_REQUEST_BYTES + " bytes for the StartExecution operation\"}");
        }
    }

    @Test
    void after_all_that_the_server_still_serves() {
        cases().forEach(c -> {
            try {
                post(c.target(), c.body());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertThat(server.http("GET", "/health", null).statusCode()).isEqualTo(200);
        var d = Workflows.awaitEnd(sfn, sfn.startExecution(b -> b.stateMachineArn(KNOWN).input("{\"still\": true}")).executionArn());
        assertThat(d.output()).contains("still");
    }

    static String type(HttpResponse<String> r) {
        return Workflows.json(r.body()).get("__type").asText();
    }

    static HttpResponse<String> post(String target, String body) throws IOException, InterruptedException {
        var req = HttpRequest.newBuilder(URI.create(server.endpoint() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", target).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }
}
