package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The designer in Debian's chromium, driven by playwright-core (console-designer/run.mjs) against a real server: a
 * machine's definition opened from its page, a Next to a state that does not exist flagged in the findings and on the
 * graph, fixed with Set Next, YAML and back, a state inserted, saved as a new version, a Task's Retry and Catch lists
 * edited, a refusal shown, a new machine created. The checks of what the server kept are made here, through the SDK. It takes docs/console-designer.png.
 */
@Tag("slow")
class ConsoleDesignerTest {
    static final String DEFINITION = """
            {
              "Comment": "An order, from the designer's test",
              "StartAt": "Prepare",
              "States": {
                "Prepare": {
                  "Type": "Pass",
                  "Result": {"order": 42},
                  "Next": "Charge"
                },
                "Charge": {
                  "Type": "Pass",
                  "Next": "Ship"
                },
                "Ship": {
                  "Type": "Wait",
                  "Seconds": 1,
                  "Next": "Done"
                },
                "Done": {
                  "Type": "Succeed"
                }
              }
            }
            """;
    static final ObjectMapper JSON = new ObjectMapper();
    static TestServer server;
    static String arn;
    static JsonNode results;

    @BeforeAll
    static void useTheDesigner() throws Exception {
        ConsoleScript.prepare();
        server = TestServer.start();
        arn = Workflows.create(server.sfn, "orders", DEFINITION);

        var scenario = JSON.createObjectNode().put("arn", arn).put("broken", "Charge").put("next", "Ship")
                .put("missing", "Shipp").put("first", "Prepare").put("newName", "from-the-designer").put("wait", "Ship")
                .put("resource", Workflows.FUNCTIONS + "charge").put("catchTo", "Done");
        results = ConsoleScript.run("console-designer", server, scenario, 300);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void the_machine_page_opens_the_designer_and_a_definition_that_does_not_parse_cannot_be_saved() {
        assertThat(results.path("editUrl").asText()).endsWith("/console/state-machines/"
                + arn.replace(":", "%3A") + "/edit");
        assertThat(results.path("initialResult").asText()).isEqualTo("OK");
        assertThat(results.path("initialMarked").asBoolean()).isFalse();
        assertThat(results.path("parseError").asText()).startsWith("Not JSON (line 12)");
        assertThat(results.path("saveDisabledWhileUnparsed").asBoolean()).isTrue();
        assertThat(results.path("pageErrors")).as("errors in the page").isEmpty();
    }

    @Test
    void a_next_to_a_missing_state_is_flagged_on_the_text_and_the_graph_and_set_next_fixes_it() {
        assertThat(results.path("findings").toString()).contains("/States/Charge/Next", "Shipp");
        assertThat(results.path("findingState").asText()).isEqualTo("Charge");
        assertThat(results.path("brokenMarked").asBoolean()).as("Charge is marked on the graph").isTrue();
        assertThat(results.path("brokenLabel").asText()).contains("Shipp");
        assertThat(results.path("selectedAfterFindingClick").asBoolean()).isTrue();
        assertThat(results.path("cursorAt").asText()).isEqualTo("\"Next\"");
        assertThat(results.path("fixedMarked").asBoolean()).as("the mark is gone once fixed").isFalse();
        assertThat(results.path("fixedDefinition")).isEqualTo(Workflows.json(DEFINITION));
    }

    @Test
    void yaml_round_trips_to_the_same_definition() {
        assertThat(results.path("yaml").asText()).startsWith("Comment: ").contains("StartAt: Prepare\n", "  Charge:\n")
                .doesNotContain("{");
        assertThat(results.path("yamlStates").toString()).contains("Prepare", "Charge", "Ship", "Done");
        assertThat(results.path("roundTrip")).isEqualTo(Workflows.json(DEFINITION));
    }

    @Test
    void insert_state_after_wires_a_pass_between_a_state_and_its_next() {
        JsonNode states = results.path("insertedDefinition").path("States");
        assertThat(states.path("Prepare").path("Next").asText()).isEqualTo("Pass");
        assertThat(states.path("Pass").path("Type").asText()).isEqualTo("Pass");
        assertThat(states.path("Pass").path("Next").asText()).isEqualTo("Charge");
        assertThat(results.path("afterInsert").asText()).as("the validator's result").isEqualTo("OK");
    }

    @Test
    void saving_with_publish_updates_the_machine_and_adds_a_version() throws Exception {
        var versions = server.sfn.listStateMachineVersions(b -> b.stateMachineArn(arn)).stateMachineVersions();
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).stateMachineVersionArn()).isEqualTo(results.path("versionArn").asText())
                .isEqualTo(arn + ":1");
        var version = server.sfn.describeStateMachine(b -> b.stateMachineArn(arn + ":1"));
        assertThat(version.description()).isEqualTo("from the designer");
        assertThat(JSON.readTree(version.definition())).isEqualTo(results.path("insertedDefinition"));
    }

    @Test
    void delete_state_a_waits_seconds_a_tasks_fields_and_add_catch_are_saved_as_edited_in_the_form() throws Exception {
        JsonNode deleted = results.path("deletedDefinition").path("States");
        assertThat(deleted.has("Pass")).as("the inserted Pass is gone").isFalse();
        assertThat(deleted.path("Prepare").path("Next").asText()).as("what named it names its Next").isEqualTo("Charge");
        assertThat(results.path("afterDelete").asText()).isEqualTo("OK");
        assertThat(results.path("afterForm").asText()).isEqualTo("OK");

        // what was saved then (the server's copy is checked after the Retry and Catch edits saved over it, below)
        JsonNode states = results.path("formDefinition").path("States");
        assertThat(states.path("Ship").path("Seconds").asInt()).isEqualTo(7);
        JsonNode charge = states.path("Charge");
        assertThat(charge.path("Type").asText()).isEqualTo("Task");
        assertThat(charge.path("Resource").asText()).isEqualTo(Workflows.FUNCTIONS + "charge");
        assertThat(charge.path("TimeoutSeconds").asInt()).isEqualTo(30);
        assertThat(charge.path("Next").asText()).isEqualTo("Ship");
        assertThat(charge.path("Catch").toString()).isEqualTo("[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"Done\"}]");
        assertThat(server.sfn.listStateMachineVersions(b -> b.stateMachineArn(arn)).stateMachineVersions())
                .as("saved without publishing").hasSize(1);
    }

    @Test
    void retriers_and_catchers_added_edited_reordered_and_removed_in_the_form_are_saved_as_edited() throws Exception {
        assertThat(results.path("addedRetry")).isEqualTo(Workflows.json("""
                [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["States.ALL"]}]"""));
        assertThat(results.path("lowBackoff").asText()).as("a BackoffRate of 0.5 is the validator's finding").isEqualTo("FAIL");
        assertThat(results.path("lowBackoffFindings").toString()).contains("/States/Charge/Retry[0]/BackoffRate");
        assertThat(results.path("fixedBackoff").asText()).isEqualTo("OK");
        String edited = """
                {"ErrorEquals": ["States.Timeout", "Lambda.TooManyRequestsException"], "IntervalSeconds": 2,
                 "MaxAttempts": 5, "BackoffRate": 1.5, "MaxDelaySeconds": 30, "JitterStrategy": "FULL"}""";
        assertThat(results.path("reorderedRetry")).as("moved up, its emptied MaxAttempts left out")
                .isEqualTo(Workflows.json("[{\"ErrorEquals\": [\"States.ALL\"], \"IntervalSeconds\": 1}, " + edited + "]"));
        assertThat(results.path("allNotLast").asText()).isEqualTo("FAIL");
        assertThat(results.path("allNotLastFindings").toString()).contains("/States/Charge/Catch[0]/ErrorEquals");
        assertThat(results.path("allLast").asText()).isEqualTo("OK");
        assertThat(results.path("afterHandlers").asText()).isEqualTo("OK");

        JsonNode saved = JSON.readTree(server.sfn.describeStateMachine(b -> b.stateMachineArn(arn)).definition());
        assertThat(saved).isEqualTo(results.path("handlersDefinition"));
        JsonNode charge = saved.path("States").path("Charge");
        assertThat(charge.path("Retry")).isEqualTo(Workflows.json("[" + edited + "]"));
        assertThat(charge.path("Catch")).isEqualTo(Workflows.json("""
                [{"ErrorEquals": ["States.TaskFailed"], "Next": "Done", "ResultPath": "$.error"},
                 {"ErrorEquals": ["States.ALL"], "Next": "Done"}]"""));
        // the rest is what the form's earlier edits saved
        JsonNode rest = saved.deepCopy(), before = results.path("formDefinition").deepCopy();
        ((ObjectNode) rest.path("States").path("Charge")).remove(List.of("Retry", "Catch"));
        ((ObjectNode) before.path("States").path("Charge")).remove("Catch");
        assertThat(rest).isEqualTo(before);
    }

    @Test
    void a_refused_update_shows_aws_message_and_a_new_machine_is_created_from_the_designer() {
        assertThat(results.path("refusal").asText()).startsWith("InvalidDefinition: ");
        assertThat(results.path("createdUrl").asText()).endsWith("stateMachine%3Afrom-the-designer");
        var created = server.sfn.describeStateMachine(b -> b.stateMachineArn(Workflows.machineArn("from-the-designer")));
        assertThat(created.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/stepwise");
        assertThat(created.type().toString()).isEqualTo("STANDARD");
    }
}
