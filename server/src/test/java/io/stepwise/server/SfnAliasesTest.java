package io.stepwise.server;

import static io.stepwise.server.Workflows.PASS;
import static io.stepwise.server.Workflows.ROLE;
import static io.stepwise.server.Workflows.assertRefused;
import static io.stepwise.server.Workflows.machineArn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineAliasResponse;
import software.amazon.awssdk.services.sfn.model.RoutingConfigurationListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineAliasListItem;
import software.amazon.awssdk.services.sfn.model.ValidationExceptionReason;

/** State machine aliases through the real AWS SDK for Java v2: the lifecycle, weighted routing, and AWS's refusals. */
class SfnAliasesTest {
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

    static RoutingConfigurationListItem route(String versionArn, int weight) {
        return RoutingConfigurationListItem.builder().stateMachineVersionArn(versionArn).weight(weight).build();
    }

    /** A machine with versions 1 and 2 (different definitions). */
    static String twoVersions(String name) {
        String arn = sfn.createStateMachine(b -> b.name(name).definition(PASS).roleArn(ROLE).publish(true)).stateMachineArn();
        sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(PASS.replace("world", "v2")).publish(true));
        return arn;
    }

    @Test
    void creates_describes_updates_lists_and_deletes_an_alias() {
        String arn = twoVersions("aliased");
        var created = sfn.createStateMachineAlias(b -> b.name("live").description("production")
                .routingConfiguration(route(arn + ":1", 100)));
        assertThat(created.stateMachineAliasArn()).isEqualTo(arn + ":live");
        var again = sfn.createStateMachineAlias(b -> b.name("live").description("production")
                .routingConfiguration(route(arn + ":1", 100)));
        assertThat(again.stateMachineAliasArn()).as("an identical request is idempotent").isEqualTo(created.stateMachineAliasArn());
        assertThat(again.creationDate()).isEqualTo(created.creationDate());

        DescribeStateMachineAliasResponse d = sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(arn + ":live"));
        assertThat(d.name()).isEqualTo("live");
        assertThat(d.description()).isEqualTo("production");
        assertThat(d.routingConfiguration()).containsExactly(route(arn + ":1", 100));
        assertThat(d.creationDate()).isEqualTo(created.creationDate());
        assertThat(d.updateDate()).as("present before any update").isEqualTo(created.creationDate());

        var updated = sfn.updateStateMachineAlias(b -> b.stateMachineAliasArn(arn + ":live")
                .routingConfiguration(route(arn + ":1", 30), route(arn + ":2", 70)));
        DescribeStateMachineAliasResponse after = sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(arn + ":live"));
        assertThat(after.routingConfiguration()).containsExactly(route(arn + ":1", 30), route(arn + ":2", 70));
        assertThat(after.description()).as("kept when not given").isEqualTo("production");
        assertThat(after.updateDate()).isEqualTo(updated.updateDate()).isAfterOrEqualTo(after.creationDate());

        sfn.createStateMachineAlias(b -> b.name("beta").routingConfiguration(route(arn + ":2", 100)));
        assertThat(sfn.listStateMachineAliases(b -> b.stateMachineArn(arn)).stateMachineAliases())
                .extracting(StateMachineAliasListItem::stateMachineAliasArn).containsExactly(arn + ":live", arn + ":beta");
        assertThat(sfn.listStateMachineAliases(b -> b.stateMachineArn(arn + ":1")).stateMachineAliases())
                .as("the aliases routing to version 1").extracting(StateMachineAliasListItem::stateMachineAliasArn)
                .containsExactly(arn + ":live");
        var page = sfn.listStateMachineAliases(b -> b.stateMachineArn(arn).maxResults(1));
        assertThat(page.stateMachineAliases()).hasSize(1);
        assertThat(sfn.listStateMachineAliases(b -> b.stateMachineArn(arn).nextToken(page.nextToken())).stateMachineAliases())
                .extracting(StateMachineAliasListItem::stateMachineAliasArn).containsExactly(arn + ":beta");

        assertRefused(() -> sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(arn + ":1")), "ConflictException", 409,
                "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [live]");
        sfn.deleteStateMachineAlias(b -> b.stateMachineAliasArn(arn + ":live"));
        sfn.deleteStateMachineAlias(b -> b.stateMachineAliasArn(arn + ":live"));   // gone already: still 200
        sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(arn + ":1"));
        assertRefused(() -> sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(arn + ":live")), "ResourceNotFound", 400,
                "Request references a resource that does not exist.");
        assertRefused(() -> sfn.updateStateMachineAlias(b -> b.stateMachineAliasArn(arn + ":live").description("x")),
                "ResourceNotFound", 400, "Request references a resource that does not exist.");
    }

    @Test
    void describe_state_machine_on_an_alias_arn_describes_the_version_it_routes_to() {
        String arn = twoVersions("described-alias");
        sfn.createStateMachineAlias(b -> b.name("prod").routingConfiguration(route(arn + ":2", 100)));

        var d = sfn.describeStateMachine(b -> b.stateMachineArn(arn + ":prod"));

        assertThat(d.stateMachineArn()).isEqualTo(arn + ":2");
        assertThat(d.name()).isEqualTo("described-alias");
        assertThat(d.definition()).contains("v2");
        assertRefused(() -> sfn.describeStateMachine(b -> b.stateMachineArn(arn + ":nobody")), "StateMachineDoesNotExist", 400,
                "State Machine Does Not Exist: '" + arn + ":nobody'");
    }

    @Test
    void routing_configurations_are_refused_as_aws_refuses_them() {
        String arn = twoVersions("routed");
        sfn.updateStateMachine(b -> b.stateMachineArn(arn).definition(PASS.replace("world", "v3")).publish(true));
        String other = twoVersions("routed-other");

        assertRefused(() -> sfn.createStateMachineAlias(b -> b.name("a").routingConfiguration(route(arn, 100))),
                "ValidationException", 400, "Routing configuration must contain state machine version ARNs. Received: [" + arn + "]");
        assertRefused(() -> sfn.createStateMachineAlias(b -> b.name("a").routingConfiguration(route(arn, 70), route(arn + ":2", 30))),
                "ValidationException", 400, "Routing configuration must contain state machine version ARNs. Received: [" + arn
                        + ", " + arn + ":2]");
        assertRefused(() -> sfn.createStateMachineAlias(b -> b.name("a").routingConfiguration(route(arn + ":1", 50),
                        route(arn + ":1", 50))), "ValidationException", 400,
                "Routing configuration must contain distinct state machine version ARNs. Received: [" + arn + ":1, " + arn + ":1]");
        assertRefused(() -> sfn.createStateMachineAlias(b -> b.name("a").routingConfiguration(route(arn + ":1", 101))),
                "ValidationException", 400, "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' "
                        + "failed to satisfy constraint: Member must have value less than or equal to 100");
        assertRefused(() -> sfn.createStateMachineAlias(b -> b.name("a").routingConfiguration(route(arn + ":1", 70),
                route(arn + ":2", 29))), "ValidationException", 400, "Sum of routing configuration weights must equal 100. "
                + "Received: [70, 29]");
        assertRefused(() -> sfn.createStateMachineAlias(b -> b.name("a").routingConfiguration(route(arn + ":1", 50),
                        route(other + ":1", 50))), "ValidationException", 400,
                "Routing configuration must contain state machine version ARNs of the same state machine. Received: [" + arn
                        + ":1, " + other + ":1]");
        assertRefused(() -> sfn.createStateMachineAlias(b -> b.name("a").routingConfiguration(route(arn + ":9", 100))),
                "ResourceNotFound", 400, "Resource not found: '" + arn + ":9'");
        var three = sfn.createStateMachineAlias(b -> b.name("three").routingConfiguration(route(arn + ":3", 100)));
        assertThat(three.stateMachineAliasArn()).isEqualTo(arn + ":three");
        assertRefused(() -> sfn.createStateMachineAlias(b -> b.name("three").routingConfiguration(route(arn + ":2", 100))),
                "ConflictException", 409, "Failed to create alias because an alias with the same name and a different routing "
                        + "configuration already exists.");
        assertRefused(() -> sfn.updateStateMachineAlias(b -> b.stateMachineAliasArn(arn + ":three")
                        .routingConfiguration(route(other + ":1", 100))), "ValidationException", 400,
                "Routing configuration must contain state machine version ARNs of the alias's state machine. Received: ["
                        + other + ":1]");
    }

    @Test
    void alias_names_follow_the_pattern_and_length_of_the_model() {
        String arn = twoVersions("named");
        for (String name : List.of("123", "INVALID ALIAS", "!INVALID", "ALIAS@")) {
            assertRefused(() -> sfn.createStateMachineAlias(b -> b.name(name).routingConfiguration(route(arn + ":1", 100))),
                    "ValidationException", 400, "1 validation error detected: Value '" + name + "' at 'name' failed to satisfy "
                            + "constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$");
        }
        String long81 = "a".repeat(81);
        assertRefused(() -> sfn.createStateMachineAlias(b -> b.name(long81).routingConfiguration(route(arn + ":1", 100))),
                "ValidationException", 400, "1 validation error detected: Value '" + long81 + "' at 'name' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 80");
    }

    @Test
    void an_alias_update_needs_a_description_or_a_routing_configuration() {
        String arn = twoVersions("unchanged");
        sfn.createStateMachineAlias(b -> b.name("live").routingConfiguration(route(arn + ":1", 100)));

        var e = assertRefused(() -> sfn.updateStateMachineAlias(b -> b.stateMachineAliasArn(arn + ":live")),
                "ValidationException", 400, "Either the description or the RoutingConfiguration must be specified");
        assertThat(((software.amazon.awssdk.services.sfn.model.ValidationException) e).reason())
                .isEqualTo(ValidationExceptionReason.MISSING_REQUIRED_PARAMETER);
    }

    @Test
    void versions_and_aliases_of_a_machine_that_does_not_exist_are_refused() {
        String nobody = machineArn("nobody");
        assertRefused(() -> sfn.listStateMachineVersions(b -> b.stateMachineArn(nobody)), "StateMachineDoesNotExist", 400,
                "State Machine Does Not Exist: '" + nobody + "'");
        assertRefused(() -> sfn.listStateMachineAliases(b -> b.stateMachineArn(nobody)), "StateMachineDoesNotExist", 400,
                "State Machine Does Not Exist: '" + nobody + "'");
        assertRefused(() -> sfn.publishStateMachineVersion(b -> b.stateMachineArn(nobody)), "StateMachineDoesNotExist", 400,
                "State Machine Does Not Exist: '" + nobody + "'");
        assertRefused(() -> sfn.listStateMachineAliases(b -> b.stateMachineArn(nobody + ":7")), "ResourceNotFound", 400,
                "Resource not found: '" + nobody + ":7'");
        assertRefused(() -> sfn.describeStateMachineAlias(b -> b.stateMachineAliasArn(nobody + ":live")), "ResourceNotFound", 400,
                "Request references a resource that does not exist.");
        sfn.deleteStateMachineVersion(b -> b.stateMachineVersionArn(nobody + ":1"));   // nothing to delete: 200, as on AWS
    }
}
