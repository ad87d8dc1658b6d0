package io.stepwise.server;

import static io.stepwise.server.Workflows.PASS;
import static io.stepwise.server.Workflows.ROLE;
import static io.stepwise.server.Workflows.assertRefused;
import static io.stepwise.server.Workflows.machineArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.LogLevel;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.Tag;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResponse;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;

/**
 * State machines, their revisions and versions, tags and ValidateStateMachineDefinition through the real AWS SDK for
 * Java v2 ({@code SfnClient}): the response shapes AWS records, and each refusal with its code, status and message.
 * Aliases: {@link SfnAliasesTest}; executions: {@link SfnExecutionsTest}.
 */
class StepFunctionsApiTest {
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
    void creates_a_standard_machine_and_describes_it_with_the_defaults_aws_shows() {
        String definition = "{\"States\": {\"Hello\": {\"Type\": \"Pass\", \"End\": true}},\n  \"StartAt\": \"Hello\"}";
        Instant before = Instant.now();
        CreateStateMachineResponse created = sfn.createStateMachine(b -> b.name("plain").definition(definition).roleArn(ROLE));

        assertThat(created.stateMachineArn()).isEqualTo("arn:aws:states:us-east-1:123456789012:stateMachine:plain");
        assertThat(created.creationDate()).isCloseTo(before, within(30, ChronoUnit.SECONDS));
        assertThat(created.creationDate().getNano() % 1_000_000).as("milliseconds").isZero();
        assertThat(created.stateMachineVersionArn()).isNull();

        DescribeStateMachineResponse d = sfn.describeStateMachine(b -> b.stateMachineArn(created.stateMachineArn()));
        assertThat(d.stateMachineArn()).isEqualTo(created.stateMachineArn());
        assertThat(d.name()).isEqualTo("plain");
        assertThat(d.status()).isEqualTo(StateMachineStatus.ACTIVE);
        assertThat(d.definition()).as("verbatim, key order and white space kept").isEqualTo(definition);
        assertThat(d.roleArn()).isEqualTo(ROLE);
        assertThat(d.type()).isEqualTo(StateMachineType.STANDARD);
        assertThat(d.creationDate()).isEqualTo(created.creationDate());
        assertThat(d.loggingConfiguration().level()).isEqualTo(LogLevel.OFF);
        assertThat(d.loggingConfiguration().includeExecutionData()).isFalse();
        assertThat(d.loggingConfiguration().hasDestinations()).as("destinations only when given").isFalse();
        assertThat(d.tracingConfiguration().enabled()).isFalse();
        assertThat(d.encryptionConfiguration().typeAsString()).isEqualTo("AWS_OWNED_KEY");
        assertThat(d.revisionId()).as("no revision before the first update").isNull();
        assertThat(d.description()).isNull();
        assertThat(d.label()).isNull();
    }

    @Test
    void creates_an_express_machine_with_its_logging_configuration_and_publishes_version_1() {
        String group = "arn:aws:logs:us-east-1:123456789012:log-group:/sfn/express:*";
        CreateStateMachineResponse created = sfn.createStateMachine(b -> b.name("fast").definition(PASS).roleArn(ROLE)
                .type(StateMachineType.EXPRESS).publish(true).versionDescription("first")
                .loggingConfiguration(l -> l.level(LogLevel.ALL).includeExecutionData(true)
                        .destinations(x -> x.cloudWatchLogsLogGroup(g -> g.logGroupArn(group))))
                .tracingConfiguration(t -> t.enabled(true)));

        assertThat(created.stateMachineVersionArn()).isEqualTo(created.stateMachineArn() + ":1");
        DescribeStateMachineResponse d = sfn.describeStateMachine(b -> b.stateMachineArn(created.stateMachineArn()));
        assertThat(d.type()).isEqualTo(StateMachineType.EXPRESS);
        assertThat(d.loggingConfiguration().level()).isEqualTo(LogLevel.ALL);
        assertThat(d.loggingConfiguration().includeExecutionData()).isTrue();
        assertThat(d.loggingConfiguration().destinations().getFirst().cloudWatchLogsLogGroup().logGroupArn()).isEqualTo(group);
        assertThat(d.tracingConfiguration().enabled()).isTrue();

        DescribeStateMachineResponse v1 = sfn.describeStateMachine(b -> b.stateMachineArn(created.stateMachineVersionArn()));
        assertThat(v1.stateMachineArn()).as("a version is described under its own ARN").isEqualTo(created.stateMachineArn() + ":1");
        assertThat(v1.name()).isEqualTo("fast");
        assertThat(v1.description()).isEqualTo("first");
        assertThat(v1.definition()).isEqualTo(PASS);
        assertThat(v1.type()).isEqualTo(StateMachineType.EXPRESS);
    }

    @Test
    void create_is_idempotent_for_the_same_definition_and_refuses_any_other_under_the_same_name() {
        CreateStateMachineResponse first = sfn.createStateMachine(b -> b.name("twice").definition(PASS).roleArn(ROLE));
        CreateStateMachineResponse again = sfn.createStateMachine(b -> b.name("twice").definition(PASS)
                .roleArn(ROLE + "-other"));   // a different role is ignored, as on AWS

        assertThat(again.stateMachineArn()).isEqualTo(first.stateMachineArn());
        assertThat(again.creationDate()).isEqualTo(first.creationDate());
        assertRefused(() -> sfn.createStateMachine(b -> b.name("twice").definition(PASS.replace(": ", ":")).roleArn(ROLE)),
                "StateMachineAlreadyExists", 400, "State Machine Already Exists: '" + first.stateMachineArn() + "'");
        assertRefused(() -> sfn.createStateMachine(b -> b.name("twice").definition(PASS).roleArn(ROLE)
                        .type(StateMachineType.EXPRESS)),
                "StateMachineAlreadyExists", 400, "State Machine Already Exists: '" + first.stateMachineArn() + "'");
    }

    @Test
    void an_update_makes_a_new_revision_and_publish_makes_numbered_versions_that_are_never_reused() {
        String arn = sfn.createStateMachine(b -> b.name("revised").definition(PASS).roleArn(ROLE).publish(true))
                .stateMachineArn();
        String changed = PASS.replace("world", "there");

        var updated = sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(changed));
        assertThat(updated.revisionId()).isNotBlank();
        assertThat(updated.stateMachineVersionArn()).isNull();
        assertThat(sfn.describeStateMachine(b -> b.stateMachineArn(arn)).revisionId()).isEqualTo(updated.revisionId());
        var same = sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(changed));
        assertThat(same.revisionId()).as("an update that changes nothing keeps the revision").isEqualTo(updated.revisionId());

        var published = sfn.updateStateMachine(b -> b.stateMachineArn(arn).roleArn(ROLE + "-2").publish(true)
                .versionDescription("second"));
        assertThat(published.stateMachineVersionArn()).isEqualTo(arn + ":2");
        var again = sfn.publishStateMachineVersion(b -> b.stateMachineArn(arn));
        assertThat(again.stateMachineVersionArn()).as("publishing an unchanged revision again").isEqualTo(arn + ":2");

        assertThat(sfn.listStateMachineVersions(b -> b.stateMachineArn(arn)).stateMachineVersions())
                .extracting(v -> v.stateMachineVersionArn()).containsExactly(arn + ":2", arn + ":1");
        DescribeStateMachineResponse v1 = sfn.describeStateMachine(b -> b.stateMachineArn(arn + ":1"));
        assertThat(v1.definition()).isEqualTo(PASS);
        assertThat(v1.roleArn()).isEqualTo(ROLE);
        DescribeStateMachineResponse v2 = sfn.describeStateMachine(b -> b.stateMachineArn(arn + ":2"));
        assertThat(v2.definition()).isEqualTo(changed);
        assertThat(v2.description()).isEqualTo("second");

        sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(arn + ":2"));
        sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(arn + ":2"));   // gone already: still 200
        sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(PASS));
        assertThat(sfn.publishStateMachineVersion(b -> b.stateMachineArn(arn).description("third")).stateMachineVersionArn())
                .isEqualTo(arn + ":3");
        assertThat(sfn.listStateMachineVersions(b -> b.stateMachineArn(arn)).stateMachineVersions())
                .extracting(v -> v.stateMachineVersionArn()).containsExactly(arn + ":3", arn + ":1");
    }

    @Test
    void publishing_through_an_update_that_changes_nothing_captures_the_initial_revision_once() {
        String arn = Workflows.create(sfn, "initial", PASS);
        var first = sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(PASS).publish(true));
        assertThat(first.stateMachineVersionArn()).isEqualTo(arn + ":1");
        assertThat(first.revisionId()).as("no revision yet").isNull();
        assertThat(first.updateDate()).isNotNull();
        assertThat(sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(PASS).publish(true)).stateMachineVersionArn())
                .isEqualTo(arn + ":1");
    }

    @Test
    void publishing_with_a_stale_revision_id_is_a_conflict() {
        String arn = Workflows.create(sfn, "stale", PASS);
        assertThat(sfn.publishStateMachineVersion(b -> b.stateMachineArn(arn).revisionId("INITIAL")).stateMachineVersionArn())
                .as("INITIAL names the revision of a machine never updated").isEqualTo(arn + ":1");
        String rev = sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(PASS.replace("world", "x"))).revisionId();
        String current = sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(PASS.replace("world", "y"))).revisionId();

        assertRefused(() -> sfn.publishStateMachineVersion(b -> b.stateMachineArn(arn).revisionId(rev)), "ConflictException",
                409, "Failed to publish the State Machine version for revision " + rev
                        + ". The current State Machine revision is " + current + ".");
    }

    @Test
    void updates_are_refused_without_a_change_on_a_version_and_with_a_description_but_no_publish() {
        String arn = sfn.createStateMachine(b -> b.name("strict").definition(PASS).roleArn(ROLE).publish(true))
                .stateMachineArn();

        assertRefused(() -> sfn.updateStateMachine(b -> b.stateMachineArn(arn)), "MissingRequiredParameter", 400,
                "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
        assertRefused(() -> sfn.updateStateMachine(b -> b.stateMachineArn(arn + ":1").definition(PASS)),
                "StateMachineDoesNotExist", 400, "State Machine Does Not Exist: '" + arn + ":1'");
        assertRefused(() -> sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(PASS).versionDescription("v")),
                "ValidationException", 400, "Version description can only be set when publish is true");
        assertRefused(() -> sfn.createStateMachine(b -> b.name("strict-2").definition(PASS).roleArn(ROLE)
                .versionDescription("v")), "ValidationException", 400, "Version description can only be set when publish is true");
        assertRefused(() -> sfn.updateStateMachine(b -> b.stateMachineArn(arn).loggingConfiguration(l -> l.level(LogLevel.ERROR))),
                "InvalidLoggingConfiguration", 400, "Invalid Logging Configuration: Must specify exactly one Log Destination.");
        assertRefused(() -> sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition("{\"StartAt\": \"Nowhere\", \"States\": {"
                        + "\"A\": {\"Type\": \"Succeed\"}}}")), "InvalidDefinition", 400, "Invalid State Machine Definition: "
                + "'MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /StartAt, MISSING_TRANSITION_TARGET: State "
                + "\"A\" is not reachable. at /States/A'");
    }

    @Test
    void lists_machines_by_name_page_by_page_and_forgets_a_deleted_one() {
        List<String> names = IntStream.range(0, 5).mapToObj(i -> "listed-" + i).toList();
        names.reversed().forEach(n -> Workflows.create(sfn, n, PASS));

        var first = sfn.listStateMachines(b -> b.maxResults(2));
        assertThat(first.stateMachines()).hasSize(2);
        assertThat(first.nextToken()).isNotBlank();
        List<StateMachineListItem> all = sfn.listStateMachinesPaginator(b -> b.maxResults(2)).stateMachines().stream().toList();
        List<String> listed = all.stream().map(StateMachineListItem::name).filter(n -> n.startsWith("listed-")).toList();
        assertThat(listed).containsExactlyElementsOf(names);
        assertThat(all).extracting(StateMachineListItem::name).isSorted();
        StateMachineListItem item = all.stream().filter(m -> m.name().equals("listed-0")).findFirst().orElseThrow();
        assertThat(item.stateMachineArn()).isEqualTo(machineArn("listed-0"));
        assertThat(item.type()).isEqualTo(StateMachineType.STANDARD);
        assertThat(item.creationDate()).isNotNull();

        sfn.deleteStateMachine(b -> b.stateMachineArn(machineArn("listed-3")));
        sfn.deleteStateMachine(b -> b.stateMachineArn(machineArn("listed-3")));   // gone already: still 200
        assertThat(sfn.listStateMachinesPaginator(b -> b.maxResults(1000)).stateMachines().stream().map(StateMachineListItem::name))
                .doesNotContain("listed-3").contains("listed-4");
        assertRefused(() -> sfn.describeStateMachine(b -> b.stateMachineArn(machineArn("listed-3"))), "StateMachineDoesNotExist",
                400, "State Machine Does Not Exist: '" + machineArn("listed-3") + "'");
    }

    @Test
    void list_refuses_a_page_size_above_1000_and_a_token_it_did_not_make() {
        assertRefused(() -> sfn.listStateMachines(b -> b.maxResults(1001)), "ValidationException", 400,
                "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value "
                        + "less than or equal to 1000");
        assertRefused(() -> sfn.listStateMachines(b -> b.nextToken("not-a-token")), "InvalidToken", 400,
                "Invalid Token: 'Invalid token'");
        String longToken = "t".repeat(1025);
        assertRefused(() -> sfn.listStateMachines(b -> b.nextToken(longToken)), "ValidationException", 400,
                "1 validation error detected: Value '" + longToken + "' at 'nextToken' failed to satisfy constraint: Member must "
                        + "have length less than or equal to 1024");
    }

    @Test
    void validate_reports_every_problem_with_its_code_and_location_and_ok_for_a_valid_definition() {
        ValidateStateMachineDefinitionResponse ok = sfn.validateStateMachineDefinition(b -> b.definition(PASS));
        assertThat(ok.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.OK);
        assertThat(ok.diagnostics()).isEmpty();
        assertThat(ok.truncated()).isFalse();

        var broken = sfn.validateStateMachineDefinition(b -> b.definition("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "C": {"Type": "Wait", "End": true}}}"""));
        assertThat(broken.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        assertThat(broken.diagnostics()).extracting(x -> x.code(), x -> x.location()).contains(
                org.assertj.core.groups.Tuple.tuple("MISSING_TRANSITION_TARGET", "/States/A/Next"));
        assertThat(broken.diagnostics()).allSatisfy(x -> assertThat(x.severityAsString()).isEqualTo("ERROR"));

        var express = sfn.validateStateMachineDefinition(b -> b.type(StateMachineType.EXPRESS).definition("""
                {"StartAt": "Send", "States": {"Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}}}"""));
        assertThat(express.diagnostics()).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("SCHEMA_VALIDATION_FAILED");
            assertThat(x.message()).isEqualTo("Express state machine does not support '.waitForTaskToken' service integration ");
            assertThat(x.location()).isEqualTo("/States/Send/Resource");
        });

        var empty = sfn.validateStateMachineDefinition(b -> b.definition(""));
        assertThat(empty.diagnostics()).singleElement().satisfies(x -> {
            assertThat(x.message()).isEqualTo("Definition must be a valid JSON object");
            assertThat(x.location()).isNull();
        });

        var notJson = sfn.validateStateMachineDefinition(b -> b.definition("not a definition"));
        assertThat(notJson.diagnostics()).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo("INVALID_JSON_DESCRIPTION");
            assertThat(x.message()).startsWith("Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or "
                    + "token 'null', 'true' or 'false')").doesNotContain("REDACTED");
            // AWS locates bad JSON by its parser's source, line and column (recorded in LocalStack's snapshot)
            assertThat(x.location()).startsWith("[Source: (String)\"not a definition\"; line: 1, column: ");
            assertThat(x.message()).endsWith("\n at " + x.location());
        });

        var noFields = sfn.validateStateMachineDefinition(b -> b.definition("{}"));
        assertThat(noFields.diagnostics()).singleElement().satisfies(x -> {
            assertThat(x.message()).isEqualTo("These fields are required: [States, StartAt]");
            assertThat(x.location()).isEqualTo("/");
        });

        var truncated = sfn.validateStateMachineDefinition(b -> b.maxResults(1).definition("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "C": {"Type": "Pass", "Next": "D"}}}"""));
        assertThat(truncated.diagnostics()).hasSize(1);
        assertThat(truncated.truncated()).isTrue();
    }

    @Test
    void tags_are_listed_in_the_order_given_changed_removed_and_limited_to_50() {
        String arn = sfn.createStateMachine(b -> b.name("tagged").definition(PASS).roleArn(ROLE)
                .tags(Tag.builder().key("team").value("ops").build(), Tag.builder().key("cost").value("").build())).stateMachineArn();
        assertThat(sfn.listTagsForResource(b -> b.resourceArn(arn)).tags()).extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("team", "ops"), org.assertj.core.groups.Tuple.tuple("cost", ""));

        sfn.tagResource(b -> b.resourceArn(arn).tags(Tag.builder().key("team").value("dev").build(),
                Tag.builder().key("env").value("test").build()));
        sfn.untagResource(b -> b.resourceArn(arn).tagKeys("cost", "absent"));
        assertThat(sfn.listTagsForResource(b -> b.resourceArn(arn)).tags()).extracting(Tag::key, Tag::value)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("team", "dev"),
                        org.assertj.core.groups.Tuple.tuple("env", "test"));

        List<Tag> fifty = IntStream.range(0, 49).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        assertRefused(() -> sfn.tagResource(b -> b.resourceArn(arn).tags(fifty)), "TooManyTags", 400,
                "Too many tags: a resource may have at most 50 tags, this one would have 51");
        List<Tag> fiftyOne = IntStream.range(0, 51).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        assertRefused(() -> sfn.createStateMachine(b -> b.name("overtagged").definition(PASS).roleArn(ROLE).tags(fiftyOne)),
                "TooManyTags", 400, "Too many tags: a resource may have at most 50 tags, this one would have 51");
        assertRefused(() -> sfn.describeStateMachine(b -> b.stateMachineArn(machineArn("overtagged"))),
                "StateMachineDoesNotExist", 400, "State Machine Does Not Exist: '" + machineArn("overtagged") + "'");

        sfn.publishStateMachineVersion(b -> b.stateMachineArn(arn));
        assertRefused(() -> sfn.tagResource(b -> b.resourceArn(arn + ":1").tags(Tag.builder().key("a").value("b").build())),
                "ResourceNotFound", 400, "Resource not found: '" + arn + ":1'");
        assertRefused(() -> sfn.listTagsForResource(b -> b.resourceArn(machineArn("untagged-nobody"))), "ResourceNotFound", 400,
                "Resource not found: '" + machineArn("untagged-nobody") + "'");
        assertRefused(() -> sfn.untagResource(b -> b.resourceArn("not-an-arn").tagKeys("a")), "InvalidArn", 400,
                "Invalid Arn: 'Invalid ARN prefix: not-an-arn'");
    }
}
