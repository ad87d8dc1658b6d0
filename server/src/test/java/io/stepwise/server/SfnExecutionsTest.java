package io.stepwise.server;

import static io.stepwise.server.Workflows.CHOOSE;
import static io.stepwise.server.Workflows.PASS;
import static io.stepwise.server.Workflows.ROLE;
import static io.stepwise.server.Workflows.WAIT_LONG;
import static io.stepwise.server.Workflows.assertRefused;
import static io.stepwise.server.Workflows.awaitEnd;
import static io.stepwise.server.Workflows.awaitEvent;
import static io.stepwise.server.Workflows.executionArn;
import static io.stepwise.server.Workflows.history;
import static io.stepwise.server.Workflows.json;
import static io.stepwise.server.Workflows.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.EXECUTION_ABORTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.EXECUTION_STARTED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.EXECUTION_SUCCEEDED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.PASS_STATE_ENTERED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.PASS_STATE_EXITED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.TASK_STATE_ENTERED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.WAIT_STATE_ENTERED;
import static software.amazon.awssdk.services.sfn.model.HistoryEventType.WAIT_STATE_EXITED;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.IncludedData;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;

/**
 * Executions through the real AWS SDK for Java v2: start (idempotency by name), describe, list (status filter, pages,
 * versions and aliases), stop, history (pages, reverse order, without data), express machines with StartSyncExecution
 * (also through the SDK's {@code sync-} host), and nested executions. Lambda tasks: {@link SfnLambdaTasksTest}.
 */
class SfnExecutionsTest {
    static TestServer server;
    static SfnClient sfn;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        sfn = server.sfn;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_started_execution_succeeds_and_describe_and_history_show_it_as_aws_does() {
        String machine = Workflows.create(sfn, "greeter", PASS);
        Instant before = Instant.now();
        var started = sfn.startExecution(b -> b.stateMachineArn(machine).name("first").input("{\"who\": \"ada\"}"));
        assertThat(started.executionArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:greeter:first");
        assertThat(started.startDate()).isCloseTo(before, within(30, ChronoUnit.SECONDS));

        DescribeExecutionResponse d = awaitEnd(sfn, started.executionArn());
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(d.stateMachineArn()).isEqualTo(machine);
        assertThat(d.name()).isEqualTo("first");
        assertThat(d.startDate()).isEqualTo(started.startDate());
        assertThat(d.stopDate()).isAfterOrEqualTo(d.startDate());
        assertThat(json(d.input())).isEqualTo(json("{\"who\": \"ada\"}"));
        assertThat(d.inputDetails().included()).isTrue();
        assertThat(json(d.output())).isEqualTo(json("{\"who\": \"ada\", \"greeting\": {\"hello\": \"world\"}}"));
        assertThat(d.outputDetails().included()).isTrue();
        assertThat(d.error()).isNull();
        assertThat(d.cause()).isNull();
        assertThat(d.redriveCount()).isZero();
        assertThat(d.redriveStatusAsString()).isEqualTo("NOT_REDRIVABLE");
        assertThat(d.redriveStatusReason()).isEqualTo("Execution is SUCCEEDED and cannot be redriven");
        assertThat(d.stateMachineVersionArn()).isNull();
        assertThat(d.stateMachineAliasArn()).isNull();

        List<HistoryEvent> h = history(sfn, started.executionArn());
        assertThat(types(h)).containsExactly(EXECUTION_STARTED, PASS_STATE_ENTERED, PASS_STATE_EXITED, EXECUTION_SUCCEEDED);
        assertThat(h).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L, 4L);
        assertThat(h).extracting(HistoryEvent::previousEventId).containsExactly(0L, 0L, 2L, 3L);
        assertThat(h.getFirst().executionStartedEventDetails().roleArn()).isEqualTo(ROLE);
        assertThat(json(h.getFirst().executionStartedEventDetails().input())).isEqualTo(json(d.input()));
        assertThat(h.getFirst().executionStartedEventDetails().inputDetails().truncated()).isFalse();
        assertThat(h.get(1).stateEnteredEventDetails().name()).isEqualTo("Hello");
        assertThat(json(h.getLast().executionSucceededEventDetails().output())).isEqualTo(json(d.output()));
        assertThat(h).allSatisfy(e -> assertThat(e.timestamp()).isBetween(d.startDate(), d.stopDate()));

        var forExecution = sfn.describeStateMachineForExecution(b -> b.executionArn(started.executionArn()));
        assertThat(forExecution.stateMachineArn()).isEqualTo(machine);
        assertThat(forExecution.name()).isEqualTo("greeter");
        assertThat(forExecution.definition()).isEqualTo(PASS);
        assertThat(forExecution.roleArn()).isEqualTo(ROLE);
        assertThat(forExecution.updateDate()).isNotNull();
        assertThat(forExecution.loggingConfiguration().includeExecutionData()).isFalse();
    }

    @Test
    void history_pages_run_forward_or_in_reverse_and_can_leave_the_data_out() {
        String machine = Workflows.create(sfn, "paged-history", """
                {"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "Assign": {"kept.$": "$.secret"}, "End": true}}}""");
        String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"secret\": 42}")).executionArn();
        awaitEnd(sfn, arn);

        var first = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(3));
        assertThat(first.events()).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L);
        var second = sfn.getExecutionHistory(b -> b.executionArn(arn).maxResults(3).nextToken(first.nextToken()));
        assertThat(second.events()).extracting(HistoryEvent::id).containsExactly(4L);
        assertThat(second.nextToken()).isNull();
        List<Long> reversed = sfn.getExecutionHistoryPaginator(b -> b.executionArn(arn).reverseOrder(true).maxResults(1))
                .events().stream().map(HistoryEvent::id).toList();
        assertThat(reversed).containsExactly(4L, 3L, 2L, 1L);

        List<HistoryEvent> bare = sfn.getExecutionHistory(b -> b.executionArn(arn).includeExecutionData(false)).events();
        assertThat(types(bare)).containsExactly(EXECUTION_STARTED, PASS_STATE_ENTERED, PASS_STATE_EXITED, EXECUTION_SUCCEEDED);
        assertThat(bare.getFirst().executionStartedEventDetails().input()).isNull();
        assertThat(bare.getFirst().executionStartedEventDetails().inputDetails()).isNull();
        assertThat(bare.getFirst().executionStartedEventDetails().roleArn()).as("not execution data").isEqualTo(ROLE);
        assertThat(bare.get(1).stateEnteredEventDetails().name()).isEqualTo("Hello");
        assertThat(bare.get(1).stateEnteredEventDetails().input()).isNull();
        assertThat(bare.get(2).stateExitedEventDetails().output()).isNull();
        assertThat(bare.get(2).stateExitedEventDetails().hasAssignedVariables()).as("variables' values are data").isFalse();
        assertThat(sfn.getExecutionHistory(b -> b.executionArn(arn)).events().get(2).stateExitedEventDetails()
                .assignedVariables()).containsEntry("kept", "42");
        assertThat(bare.getLast().executionSucceededEventDetails().output()).isNull();

        assertRefused(() -> sfn.getExecutionHistory(b -> b.executionArn(arn).nextToken("garbage")), "InvalidToken", 400,
                "Invalid Token: 'Invalid token'");
    }

    @Test
    void a_wait_of_one_second_holds_the_execution_for_that_second() {
        String machine = Workflows.create(sfn, "one-second", """
                {"StartAt": "Pause", "States": {"Pause": {"Type": "Wait", "Seconds": 1, "End": true}}}""");
        String arn = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();

        DescribeExecutionResponse d = awaitEnd(sfn, arn);

        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Duration.between(d.startDate(), d.stopDate())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        List<HistoryEvent> h = history(sfn, arn);
        assertThat(types(h)).containsExactly(EXECUTION_STARTED, WAIT_STATE_ENTERED, WAIT_STATE_EXITED, EXECUTION_SUCCEEDED);
        assertThat(Duration.between(h.get(1).timestamp(), h.get(2).timestamp())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void start_is_idempotent_for_a_running_execution_with_the_same_name_and_input_and_refused_otherwise() {
        String machine = Workflows.create(sfn, "holder", WAIT_LONG);
        var first = sfn.startExecution(b -> b.stateMachineArn(machine).name("once").input("{\"a\": 1}"));
        DescribeExecutionResponse running = sfn.describeExecution(b -> b.executionArn(first.executionArn()));
        assertThat(running.status()).isEqualTo(ExecutionStatus.RUNNING);
        assertThat(running.stopDate()).isNull();
        assertThat(running.output()).isNull();
        assertThat(running.outputDetails()).isNull();
        assertThat(running.redriveStatusReason()).isEqualTo("Execution is RUNNING and cannot be redriven");
        var again = sfn.startExecution(b -> b.stateMachineArn(machine).name("once").input("{\"a\":1}"));
        assertThat(again.executionArn()).isEqualTo(first.executionArn());
        assertThat(again.startDate()).isEqualTo(first.startDate());

        assertRefused(() -> sfn.startExecution(b -> b.stateMachineArn(machine).name("once").input("{\"a\": 2}")),
                "ExecutionAlreadyExists", 400, "Execution Already Exists: '" + first.executionArn() + "'");
        sfn.stopExecution(b -> b.executionArn(first.executionArn()));
        assertRefused(() -> sfn.startExecution(b -> b.stateMachineArn(machine).name("once").input("{\"a\": 1}")),
                "ExecutionAlreadyExists", 400, "Execution Already Exists: '" + first.executionArn() + "'");
    }

    @Test
    void any_json_value_is_a_valid_execution_input_and_no_input_is_an_empty_object() {
        String machine = Workflows.create(sfn, "echo", """
                {"StartAt": "Same", "States": {"Same": {"Type": "Pass", "End": true}}}""");
        for (String input : List.of("1", "\"text\"", "null", "[1, 2]", "true")) {
            DescribeExecutionResponse d = awaitEnd(sfn, sfn.startExecution(b -> b.stateMachineArn(machine).input(input))
                    .executionArn());
            assertThat(d.status()).as(input).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(json(d.output())).as(input).isEqualTo(json(input));
        }
        DescribeExecutionResponse none = awaitEnd(sfn, sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn());
        assertThat(none.input()).isEqualTo("{}");
        assertThat(none.output()).isEqualTo("{}");
    }

    @Test
    void stop_aborts_a_waiting_execution_with_or_without_an_error_and_cause() {
        String machine = Workflows.create(sfn, "stoppable", WAIT_LONG);
        String withCause = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        awaitEvent(sfn, withCause, WAIT_STATE_ENTERED);

        var stopped = sfn.stopExecution(b -> b.executionArn(withCause).error("Operator.Stop").cause("no longer needed"));

        DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(withCause));
        assertThat(d.status()).as("ABORTED once StopExecution answers").isEqualTo(ExecutionStatus.ABORTED);
        assertThat(d.stopDate()).isEqualTo(stopped.stopDate());
        assertThat(d.error()).isEqualTo("Operator.Stop");
        assertThat(d.cause()).isEqualTo("no longer needed");
        assertThat(d.output()).isNull();
        List<HistoryEvent> h = history(sfn, withCause);
        assertThat(types(h)).containsExactly(EXECUTION_STARTED, WAIT_STATE_ENTERED, EXECUTION_ABORTED);
        assertThat(h.getLast().executionAbortedEventDetails().error()).isEqualTo("Operator.Stop");
        assertThat(h.getLast().executionAbortedEventDetails().cause()).isEqualTo("no longer needed");
        assertThat(sfn.stopExecution(b -> b.executionArn(withCause)).stopDate()).as("stopping again changes nothing")
                .isEqualTo(stopped.stopDate());

        String bare = sfn.startExecution(b -> b.stateMachineArn(machine)).executionArn();
        sfn.stopExecution(b -> b.executionArn(bare));
        DescribeExecutionResponse plain = sfn.describeExecution(b -> b.executionArn(bare));
        assertThat(plain.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(plain.error()).isNull();
        assertThat(plain.cause()).isNull();
        HistoryEvent aborted = history(sfn, bare).getLast();
        assertThat(aborted.executionAbortedEventDetails()).as("present, and empty").isNotNull();
        assertThat(aborted.executionAbortedEventDetails().error()).isNull();

        String tooLong = "x".repeat(32769);
        assertRefused(() -> sfn.stopExecution(b -> b.executionArn(bare).cause(tooLong)), "ValidationException", 400,
                "1 validation error detected: Value at 'cause' failed to satisfy constraint: Member must have length less than "
                        + "or equal to 32768");
    }

    @Test
    void list_executions_filters_by_status_and_pages_newest_first() {
        String machine = Workflows.create(sfn, "mixed", CHOOSE);
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            boolean fail = i % 2 == 1;
            String arn = sfn.startExecution(b -> b.stateMachineArn(machine).input("{\"fail\": " + fail + "}")).executionArn();
            awaitEnd(sfn, arn);
            started.add(arn);
        }

        List<ExecutionListItem> all = sfn.listExecutionsPaginator(b -> b.stateMachineArn(machine).maxResults(2))
                .executions().stream().toList();
        assertThat(all).extracting(ExecutionListItem::executionArn).containsExactlyElementsOf(started.reversed());
        assertThat(all).allSatisfy(e -> {
            assertThat(e.stateMachineArn()).isEqualTo(machine);
            assertThat(e.stopDate()).isNotNull();
            assertThat(e.redriveCount()).isZero();
        });
        var page = sfn.listExecutions(b -> b.stateMachineArn(machine).maxResults(2));
        assertThat(page.executions()).hasSize(2);
        assertThat(page.nextToken()).isNotBlank();

        var failed = sfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.FAILED)).executions();
        assertThat(failed).extracting(ExecutionListItem::executionArn).containsExactly(started.get(3), started.get(1));
        DescribeExecutionResponse f = sfn.describeExecution(b -> b.executionArn(started.get(1)));
        assertThat(f.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(f.error()).isEqualTo("Asked.ToFail");
        assertThat(f.cause()).isEqualTo("the input said so");
        assertThat(f.output()).isNull();
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.RUNNING)).executions()).isEmpty();
    }

    @Test
    void executions_started_through_a_version_or_an_alias_carry_its_arn_and_are_listed_under_it() {
        String machine = sfn.createStateMachine(b -> b.name("versioned").definition(PASS).roleArn(ROLE).publish(true))
                .stateMachineArn();
        sfn.updateStateMachine(b -> b.stateMachineArn(machine).definition(PASS.replace("world", "v2")));
        sfn.createStateMachineAlias(b -> b.name("live").routingConfiguration(r -> r.stateMachineVersionArn(machine + ":1")
                .weight(100)));

        String viaVersion = sfn.startExecution(b -> b.stateMachineArn(machine + ":1").name("by-version")).executionArn();
        String viaAlias = sfn.startExecution(b -> b.stateMachineArn(machine + ":live").name("by-alias")).executionArn();
        String latest = sfn.startExecution(b -> b.stateMachineArn(machine).name("by-machine")).executionArn();
        assertThat(viaVersion).as("named after the unqualified machine").isEqualTo(executionArn("versioned", "by-version"));

        DescribeExecutionResponse v = awaitEnd(sfn, viaVersion);
        assertThat(v.stateMachineArn()).isEqualTo(machine);
        assertThat(v.stateMachineVersionArn()).isEqualTo(machine + ":1");
        assertThat(v.stateMachineAliasArn()).isNull();
        assertThat(v.output()).contains("world");
        DescribeExecutionResponse a = awaitEnd(sfn, viaAlias);
        assertThat(a.stateMachineVersionArn()).isEqualTo(machine + ":1");
        assertThat(a.stateMachineAliasArn()).isEqualTo(machine + ":live");
        assertThat(awaitEnd(sfn, latest).output()).contains("v2");

        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(3);
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine + ":1")).executions())
                .extracting(ExecutionListItem::executionArn).containsExactlyInAnyOrder(viaVersion, viaAlias);
        assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine + ":live")).executions())
                .singleElement().satisfies(e -> {
                    assertThat(e.executionArn()).isEqualTo(viaAlias);
                    assertThat(e.stateMachineAliasArn()).isEqualTo(machine + ":live");
                    assertThat(e.stateMachineVersionArn()).isEqualTo(machine + ":1");
                });

        var forVersion = sfn.describeStateMachineForExecution(b -> b.executionArn(viaVersion));
        assertThat(forVersion.stateMachineArn()).as("unqualified, as AWS records it").isEqualTo(machine);
        assertThat(forVersion.definition()).as("the version's definition").isEqualTo(PASS);
        assertThat(forVersion.revisionId()).as("version 1 captured the machine before any revision").isNull();
        assertThat(sfn.describeStateMachineForExecution(b -> b.executionArn(latest)).revisionId())
                .isEqualTo(sfn.describeStateMachine(b -> b.stateMachineArn(machine)).revisionId()).isNotNull();
    }

    static final String EXPRESS = """
            {"StartAt": "Check", "States": {
              "Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": false, "Next": "No"}], "Default": "Yes"},
              "No": {"Type": "Fail", "Error": "Not.Ok", "Cause": "ok was false"},
              "Yes": {"Type": "Pass", "Parameters": {"answer.$": "$.ok"}, "End": true}}}""";

    @Test
    void an_express_machine_answers_start_sync_execution_with_its_outcome() {
        String machine = sfn.createStateMachine(b -> b.name("quick").definition(EXPRESS).roleArn(ROLE)
                .type(StateMachineType.EXPRESS)).stateMachineArn();

        StartSyncExecutionResponse ok = sfn.startSyncExecution(b -> b.stateMachineArn(machine).name("yes").input("{\"ok\": true}"));
        assertThat(ok.executionArn()).matches("arn:aws:states:us-east-1:123456789012:express:quick:yes:[0-9a-f-]{36}");
        assertThat(ok.stateMachineArn()).isEqualTo(machine);
        assertThat(ok.name()).isEqualTo("yes");
        assertThat(ok.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
        assertThat(json(ok.output())).isEqualTo(json("{\"answer\": true}"));
        assertThat(ok.outputDetails().included()).isTrue();
        assertThat(json(ok.input())).isEqualTo(json("{\"ok\": true}"));
        assertThat(ok.inputDetails().included()).isTrue();
        assertThat(ok.stopDate()).isAfterOrEqualTo(ok.startDate());
        assertThat(ok.billingDetails().billedMemoryUsedInMB()).isEqualTo(64);
        assertThat(ok.billingDetails().billedDurationInMilliseconds()).isPositive().matches(ms -> ms % 100 == 0,
                "rounded up to 100 ms");

        StartSyncExecutionResponse no = sfn.startSyncExecution(b -> b.stateMachineArn(machine).input("{\"ok\": false}"));
        assertThat(no.status()).isEqualTo(SyncExecutionStatus.FAILED);
        assertThat(no.error()).isEqualTo("Not.Ok");
        assertThat(no.cause()).isEqualTo("ok was false");
        assertThat(no.output()).isNull();
        assertThat(no.outputDetails().included()).as("present on failure too, as AWS records it").isTrue();
        assertThat(no.name()).as("a generated name").matches("[0-9a-f-]{36}");

        StartSyncExecutionResponse meta = sfn.startSyncExecution(b -> b.stateMachineArn(machine).input("{\"ok\": true}")
                .includedData(IncludedData.METADATA_ONLY));
        assertThat(meta.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
        assertThat(meta.input()).isNull();
        assertThat(meta.output()).isNull();
    }

    @Test
    void an_express_execution_has_no_history_to_read_and_a_standard_machine_cannot_run_synchronously() {
        String express = sfn.createStateMachine(b -> b.name("quick-async").definition(EXPRESS).roleArn(ROLE)
                .type(StateMachineType.EXPRESS)).stateMachineArn();
        String standard = Workflows.create(sfn, "slow", PASS);

        String arn = sfn.startExecution(b -> b.stateMachineArn(express).name("async").input("{\"ok\": true}")).executionArn();
        assertThat(arn).matches("arn:aws:states:us-east-1:123456789012:express:quick-async:async:[0-9a-f-]{36}");
        String notHere = "Invalid Arn: 'Resource type not valid in this context: express'";
        assertRefused(() -> sfn.describeExecution(b -> b.executionArn(arn)), "InvalidArn", 400, notHere);
        assertRefused(() -> sfn.getExecutionHistory(b -> b.executionArn(arn)), "InvalidArn", 400, notHere);
        assertRefused(() -> sfn.stopExecution(b -> b.executionArn(arn)), "InvalidArn", 400, notHere);
        assertRefused(() -> sfn.listExecutions(b -> b.stateMachineArn(express)), "StateMachineTypeNotSupported", 400,
                "This operation is not supported by this type of state machine");
        assertRefused(() -> sfn.startSyncExecution(b -> b.stateMachineArn(standard)), "StateMachineTypeNotSupported", 400,
                "This operation is not supported by this type of state machine");
    }

    @Test
    void start_sync_execution_reaches_the_server_through_the_sdks_sync_host_prefix_when_that_host_resolves() {
        Assumptions.assumeTrue(resolves("sync-localhost"), "sync-localhost does not resolve: scripts/setup-test-deps.sh adds "
                + "it to /etc/hosts (as root)");
        String machine = sfn.createStateMachine(b -> b.name("prefixed").definition(EXPRESS).roleArn(ROLE)
                .type(StateMachineType.EXPRESS)).stateMachineArn();
        try (SfnClient prefixed = TestServer.sfn("http://localhost:" + server.server.port(), false)) {
            var r = prefixed.startSyncExecution(b -> b.stateMachineArn(machine).input("{\"ok\": true}"));
            assertThat(r.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
            assertThat(prefixed.describeStateMachine(b -> b.stateMachineArn(machine)).name()).isEqualTo("prefixed");
        }
    }

    static boolean resolves(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Test
    void a_nested_execution_started_with_a_task_token_waits_for_the_token_not_for_the_child() {
        String child = Workflows.create(sfn, "token-child", PASS);
        String parent = Workflows.create(sfn, "token-parent", """
                {"StartAt": "Hand", "States": {"Hand": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
                  "Parameters": {"StateMachineArn": "%s", "Name": "handed", "Input": {"token.$": "$$.Task.Token"}}, "End": true}}}"""
                .formatted(child));
        String arn = sfn.startExecution(b -> b.stateMachineArn(parent)).executionArn();

        DescribeExecutionResponse handed = Eventually.until(() -> {
            try {
                return sfn.describeExecution(b -> b.executionArn(executionArn("token-child", "handed")));
            } catch (software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException notYet) {
                return null;   // the parent starts its child after its own start was answered
            }
        }, c -> c != null && c.status() != ExecutionStatus.RUNNING, "the child's end");
        String token = json(handed.input()).get("token").asText();
        assertThat(sfn.describeExecution(b -> b.executionArn(arn)).status()).as("the child's end does not answer the task")
                .isEqualTo(ExecutionStatus.RUNNING);
        sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"answered\": \"by token\"}"));

        DescribeExecutionResponse d = awaitEnd(sfn, arn);
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(json(d.output())).isEqualTo(json("{\"answered\": \"by token\"}"));
    }

    @Test
    void a_nested_sync_2_execution_returns_the_childs_output_as_json_and_sync_as_a_string() {
        String child = Workflows.create(sfn, "child", PASS);
        String parent = Workflows.create(sfn, "parent", """
                {"StartAt": "Json", "States": {
                  "Json": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                           "Parameters": {"StateMachineArn": "%s", "Name": "nested-json", "Input": {"n.$": "$.n"}},
                           "ResultSelector": {"output.$": "$.Output", "status.$": "$.Status"}, "ResultPath": "$.json", "Next": "Text"},
                  "Text": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
                           "Parameters": {"StateMachineArn": "%s", "Name": "nested-text", "Input": {"n": 2}},
                           "ResultSelector": {"output.$": "$.Output"}, "ResultPath": "$.text", "Next": "Forget"},
                  "Forget": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                           "Parameters": {"StateMachineArn": "%s", "Name": "nested-async"}, "ResultPath": "$.async", "End": true}}}"""
                .formatted(child, child, child));

        String arn = sfn.startExecution(b -> b.stateMachineArn(parent).input("{\"n\": 1}")).executionArn();
        DescribeExecutionResponse d = awaitEnd(sfn, arn);

        assertThat(d.status()).as(d.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        var out = json(d.output());
        assertThat(out.at("/json/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(out.at("/json/output")).isEqualTo(json("{\"n\": 1, \"greeting\": {\"hello\": \"world\"}}"));
        assertThat(out.at("/text/output").isTextual()).as(".sync gives the output as a JSON string").isTrue();
        assertThat(json(out.at("/text/output").asText())).isEqualTo(json("{\"n\": 2, \"greeting\": {\"hello\": \"world\"}}"));
        assertThat(out.at("/async/ExecutionArn").asText()).isEqualTo(executionArn("child", "nested-async"));
        assertThat(out.at("/async/StartDate").isMissingNode()).isFalse();
        assertThat(awaitEnd(sfn, executionArn("child", "nested-json")).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(awaitEnd(sfn, executionArn("child", "nested-async")).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(types(history(sfn, arn))).contains(TASK_STATE_ENTERED);
    }
}
