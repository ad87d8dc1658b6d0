package io.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

class StateMachinesTest extends OnBothStores {
    static final String PASS = "{'StartAt': 'P', 'States': {'P': {'Type': 'Pass', 'End': true}}}";
    static final String PASS2 = "{'StartAt': 'Q', 'States': {'Q': {'Type': 'Pass', 'Result': 2, 'End': true}}}";

    static void refused(ThrowableAssert.ThrowingCallable call, String type, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StepFunctionsError.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    StateMachines sm() { return engine.machines(); }

    @Test
    void a_created_machine_is_described_with_aws_defaults_and_no_revision() {
        String arn = create("orders", PASS);
        assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:orders");
        Machine m = sm().describe(arn);
        assertThat(m.name()).isEqualTo("orders");
        assertThat(m.definition()).isEqualTo(Harness.q(PASS));
        assertThat(m.logging()).isEqualTo("{\"includeExecutionData\":false,\"level\":\"OFF\"}");
        assertThat(m.tracing()).isEqualTo("{\"enabled\":false}");
        assertThat(m.revisionId()).isEmpty();
        assertThat(m.creationDate()).isEqualTo(Harness.START);
    }

    @Test
    void creating_the_same_machine_again_is_idempotent_but_a_different_one_with_its_name_is_refused() {
        String arn = create("orders", PASS);
        time.advance(Duration.ofSeconds(5));
        assertThat(create("orders", PASS)).isEqualTo(arn);
        assertThat(sm().describe(arn).creationDate()).isEqualTo(Harness.START);
        refused(() -> create("orders", PASS2), "StateMachineAlreadyExists",
                "State Machine Already Exists: '" + arn + "'");
    }

    /** AWS's wording, recorded in cfn-lint#4074 and localstack#11978; "at null" for no location (floci#2735). */
    @Test
    void an_invalid_definition_is_refused_with_each_finding_and_its_location_as_aws_words_them() {
        refused(() -> create("bad", "{'StartAt': 'Nope', 'States': {'P': {'Type': 'Pass', 'End': true}}}"),
                "InvalidDefinition", "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' "
                        + "target: Nope at /StartAt, MISSING_TRANSITION_TARGET: State \"P\" is not reachable. at /States/P'");
        refused(() -> create("loop", "{'StartAt': 'A', 'States': {'A': {'Type': 'Pass', 'Next': 'A'}}}"),
                "InvalidDefinition", "Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal "
                        + "state at null'");
    }

    @Test
    void validation_diagnostics_keep_awss_locations_and_none_where_aws_gives_none() {
        assertThat(StateMachines.validate(" ", Machine.Type.STANDARD)).containsExactly(new StateMachines.Diagnostic(
                "ERROR", "SCHEMA_VALIDATION_FAILED", "Definition must be a valid JSON object", Optional.empty()));
        assertThat(StateMachines.validate("{}", Machine.Type.STANDARD)).containsExactly(new StateMachines.Diagnostic(
                "ERROR", "SCHEMA_VALIDATION_FAILED", "These fields are required: [States, StartAt]", Optional.of("/")));
    }

    @Test
    void express_machines_refuse_callbacks_and_sync_jobs_at_creation() {
        assertThat(StateMachines.validate(Harness.q("""
                {'StartAt': 'T', 'States': {'T': {'Type': 'Task', 'End': true,
                  'Resource': 'arn:aws:states:::lambda:invoke.waitForTaskToken',
                  'Parameters': {'FunctionName': 'f', 'Payload': {'t.$': '$$.Task.Token'}}}}}"""), Machine.Type.EXPRESS))
                .singleElement().satisfies(d -> {
                    assertThat(d.location()).contains("/States/T/Resource");
                    assertThat(d.message()).isEqualTo("Express state machine does not support '.waitForTaskToken' "
                            + "service integration ");
                });
    }

    @Test
    void bad_names_are_refused_as_invalid_name() {
        for (String name : List.of("has space", "a/b", "x".repeat(81), "tab\there", "q?")) {
            refused(() -> create(name, PASS), "InvalidName", "Invalid Name: '" + name + "'");
        }
    }

    @Test
    void an_update_that_changes_something_makes_a_new_revision_and_one_that_does_not_keeps_it() {
        String arn = create("orders", PASS);
        var first = sm().update(arn, Optional.of(Harness.q(PASS2)), Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.empty());
        assertThat(first.revisionId()).isPresent();
        var same = sm().update(arn, Optional.of(Harness.q(PASS2)), Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.empty());
        assertThat(same.revisionId()).isEqualTo(first.revisionId());
        refused(() -> sm().update(arn, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false,
                Optional.empty()), "MissingRequiredParameter", "Either the definition, the role ARN, the "
                + "LoggingConfiguration, or the TracingConfiguration must be specified");
        refused(() -> sm().update(arn + ":1", Optional.of(Harness.q(PASS)), Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.empty()), "StateMachineDoesNotExist",
                "State Machine Does Not Exist: '" + arn + ":1'");
    }

    @Test
    void publishing_captures_a_revision_once_and_version_numbers_are_never_reused() {
        String arn = create("orders", PASS);
        Machine v1 = sm().publish(arn, Optional.empty(), Optional.of("first"));
        assertThat(v1.arn()).isEqualTo(arn + ":1");
        assertThat(sm().publish(arn, Optional.empty(), Optional.empty()).arn()).isEqualTo(arn + ":1");
        var updated = sm().update(arn, Optional.of(Harness.q(PASS2)), Optional.empty(), Optional.empty(),
                Optional.empty(), true, Optional.of("second"));
        assertThat(updated.versionArn()).contains(arn + ":2");
        sm().deleteVersion(arn + ":2");
        sm().update(arn, Optional.of(Harness.q(PASS)), Optional.empty(), Optional.empty(), Optional.empty(), false,
                Optional.empty());
        assertThat(sm().publish(arn, Optional.empty(), Optional.empty()).arn()).isEqualTo(arn + ":3");
        Machine described = sm().describe(arn + ":1");
        assertThat(described.description()).contains("first");
        assertThat(described.definition()).isEqualTo(Harness.q(PASS));
        assertThat(sm().versions(arn, Optional.empty(), Optional.empty()).items())
                .extracting(Machine.VersionItem::arn).containsExactly(arn + ":3", arn + ":1");
    }

    @Test
    void publishing_with_a_stale_revision_id_is_a_conflict() {
        String arn = create("orders", PASS);
        var r = sm().update(arn, Optional.of(Harness.q(PASS2)), Optional.empty(), Optional.empty(), Optional.empty(),
                false, Optional.empty());
        refused(() -> sm().publish(arn, Optional.of("INITIAL"), Optional.empty()), "ConflictException",
                "Failed to publish the State Machine version for revision INITIAL. The current State Machine revision "
                        + "is " + r.revisionId().orElseThrow() + ".");
        assertThat(sm().publish(arn, r.revisionId(), Optional.empty()).arn()).isEqualTo(arn + ":1");
    }

    @Test
    void an_alias_routes_to_one_or_two_versions_whose_weights_sum_to_100() {
        String arn = create("orders", PASS);
        sm().publish(arn, Optional.empty(), Optional.empty());
        sm().update(arn, Optional.of(Harness.q(PASS2)), Optional.empty(), Optional.empty(), Optional.empty(), true,
                Optional.empty());
        var a = sm().createAlias("live", Optional.of("prod"), List.of(new Machine.Route(arn + ":1", 90),
                new Machine.Route(arn + ":2", 10)));
        assertThat(a.arn()).isEqualTo(arn + ":live");
        assertThat(sm().describeAlias(a.arn()).routing()).hasSize(2);
        refused(() -> sm().createAlias("other", Optional.empty(), List.of(new Machine.Route(arn + ":1", 70),
                new Machine.Route(arn + ":2", 29))), "ValidationException",
                "Sum of routing configuration weights must equal 100. Received: [70, 29]");
        refused(() -> sm().createAlias("other", Optional.empty(), List.of(new Machine.Route(arn, 100))),
                "ValidationException", "Routing configuration must contain state machine version ARNs. Received: ["
                        + arn + "]");
        refused(() -> sm().createAlias("123", Optional.empty(), List.of(new Machine.Route(arn + ":1", 100))),
                "ValidationException", "1 validation error detected: Value '123' at 'name' failed to satisfy "
                        + "constraint: Member must satisfy regular expression pattern: "
                        + "^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$");
        refused(() -> sm().deleteVersion(arn + ":2"), "ConflictException", "Version to be deleted must not be "
                + "referenced by an alias. Current list of aliases referencing this version: [live]");
        sm().updateAlias(a.arn(), Optional.empty(), Optional.of(List.of(new Machine.Route(arn + ":1", 100))));
        sm().deleteVersion(arn + ":2");
        assertThat(sm().aliases(arn + ":1")).extracting(Machine.Alias::name).containsExactly("live");
    }

    @Test
    void an_alias_sends_each_version_its_share_of_new_executions() {
        String arn = create("orders", PASS);
        sm().publish(arn, Optional.empty(), Optional.empty());
        sm().update(arn, Optional.of(Harness.q(PASS2)), Optional.empty(), Optional.empty(), Optional.empty(), true,
                Optional.empty());
        sm().createAlias("canary", Optional.empty(), List.of(new Machine.Route(arn + ":1", 80),
                new Machine.Route(arn + ":2", 20)));
        int second = 0;
        for (int i = 0; i < 200; i++) {
            var s = engine.start(arn + ":canary", Optional.of("e" + i), Optional.empty());
            ExecutionRow row = engine.describe(s.executionArn());
            assertThat(row.aliasArn()).contains(arn + ":canary");
            if (row.versionArn().orElseThrow().endsWith(":2")) second++;
        }
        assertThat(second).as("executions on version 2 of 200 at 20%").isBetween(15, 70);
    }

    @Test
    void tags_are_listed_in_the_order_they_were_set_and_only_machines_that_exist_have_them() {
        String arn = create("orders", PASS);
        sm().tag(arn, Map.of("team", "billing"));
        sm().tag(arn, Map.of("env", "dev"));
        sm().tag(arn, Map.of("team", "ops"));
        assertThat(sm().tags(arn)).containsExactly(Map.entry("team", "ops"), Map.entry("env", "dev"));
        sm().untag(arn, List.of("team", "absent"));
        assertThat(sm().tags(arn)).containsOnlyKeys("env");
        refused(() -> sm().tag(arn + ":1", Map.of("a", "b")), "ResourceNotFound", "Resource not found: '" + arn + ":1'");
        refused(() -> sm().tags("nope"), "InvalidArn", "Invalid Arn: 'Invalid ARN prefix: nope'");
    }

    @Test
    void machines_are_listed_by_name_a_page_at_a_time() {
        for (String n : List.of("c", "a", "e", "b", "d")) create(n, PASS);
        var first = sm().list(Optional.of(2), Optional.empty());
        assertThat(first.items()).extracting(Machine::name).containsExactly("a", "b");
        var second = sm().list(Optional.of(2), first.nextToken());
        assertThat(second.items()).extracting(Machine::name).containsExactly("c", "d");
        var last = sm().list(Optional.of(2), second.nextToken());
        assertThat(last.items()).extracting(Machine::name).containsExactly("e");
        assertThat(last.nextToken()).isEmpty();
        refused(() -> sm().list(Optional.of(1001), Optional.empty()), "ValidationException", "1 validation error "
                + "detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less "
                + "than or equal to 1000");
        refused(() -> sm().list(Optional.empty(), Optional.of("garbage!")), "InvalidToken", "Invalid Token: 'Invalid token'");
    }

    @Test
    void deleting_a_machine_removes_its_versions_aliases_and_tags_and_is_quiet_when_it_is_gone() {
        String arn = create("orders", PASS);
        sm().publish(arn, Optional.empty(), Optional.empty());
        sm().createAlias("live", Optional.empty(), List.of(new Machine.Route(arn + ":1", 100)));
        sm().tag(arn, Map.of("a", "b"));
        sm().delete(arn);
        sm().delete(arn);
        Consumer<ThrowableAssert.ThrowingCallable> gone = call -> assertThatThrownBy(call)
                .isInstanceOf(StepFunctionsError.class);
        gone.accept(() -> sm().describe(arn));
        gone.accept(() -> sm().describe(arn + ":1"));
        gone.accept(() -> sm().describeAlias(arn + ":live"));
        create("orders", PASS);
        assertThat(sm().tags(arn)).isEmpty();
        assertThat(sm().versions(arn, Optional.empty(), Optional.empty()).items()).isEmpty();
    }
}
