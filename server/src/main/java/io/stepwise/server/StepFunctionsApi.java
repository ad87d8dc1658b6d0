package io.stepwise.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.stepwise.asl.HistoryJson;
import io.stepwise.engine.Engine;
import io.stepwise.engine.ExecutionRow;
import io.stepwise.engine.ExecutionStatus;
import io.stepwise.engine.Machine;
import io.stepwise.engine.StateMachines;
import io.stepwise.engine.StepFunctionsError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Step Functions API (AWS JSON 1.0): {@code POST /} with {@code X-Amz-Target: AWSStepFunctions.<Operation>}, one
 * method per operation, shapes as in the API model. Requests are routed on the target alone, whatever the Host (the
 * SDKs send StartSyncExecution to a {@code sync-} host). Refusals are {@code {"__type", "message"}} with AWS's status
 * ({@link SfnErrors}).
 */
final class StepFunctionsApi {
    private static final Logger log = LoggerFactory.getLogger(StepFunctionsApi.class);
    static final String TARGET_PREFIX = "AWSStepFunctions.";
    private static final int ARN = 256;
    private static final int NAME = 80;
    private static final int DEFINITION = 1_048_576;
    private static final int DATA = 262_144;
    private static final List<String> STATUSES = List.of("SUCCEEDED", "TIMED_OUT", "PENDING_REDRIVE", "ABORTED",
            "FAILED", "RUNNING");

    private final Engine engine;
    private final StateMachines machines;
    private final Map<String, Function<SfnRequest, ObjectNode>> operations = new java.util.HashMap<>();

    StepFunctionsApi(Engine engine) {
        this.engine = engine;
        this.machines = engine.machines();
        operations.put("CreateStateMachine", this::createStateMachine);
        operations.put("DescribeStateMachine", this::describeStateMachine);
        operations.put("UpdateStateMachine", this::updateStateMachine);
        operations.put("DeleteStateMachine", this::deleteStateMachine);
        operations.put("ListStateMachines", this::listStateMachines);
        operations.put("ValidateStateMachineDefinition", this::validate);
        operations.put("PublishStateMachineVersion", this::publish);
        operations.put("ListStateMachineVersions", this::listVersions);
        operations.put("DeleteStateMachineVersion", this::deleteVersion);
        operations.put("CreateStateMachineAlias", this::createAlias);
        operations.put("DescribeStateMachineAlias", this::describeAlias);
        operations.put("UpdateStateMachineAlias", this::updateAlias);
        operations.put("DeleteStateMachineAlias", this::deleteAlias);
        operations.put("ListStateMachineAliases", this::listAliases);
        operations.put("StartExecution", this::startExecution);
        operations.put("StartSyncExecution", this::startSyncExecution);
        operations.put("DescribeExecution", this::describeExecution);
        operations.put("DescribeStateMachineForExecution", this::describeMachineForExecution);
        operations.put("ListExecutions", this::listExecutions);
        operations.put("StopExecution", this::stopExecution);
        operations.put("RedriveExecution", this::redriveExecution);
        operations.put("GetExecutionHistory", this::history);
        operations.put("TagResource", this::tag);
        operations.put("UntagResource", this::untag);
        operations.put("ListTagsForResource", this::listTags);
        operations.put("SendTaskSuccess", this::sendTaskSuccess);
        operations.put("SendTaskFailure", this::sendTaskFailure);
        operations.put("SendTaskHeartbeat", this::sendTaskHeartbeat);
        operations.put("TestState", this::testState);
        operations.put("DescribeMapRun", this::describeMapRun);
        operations.put("ListMapRuns", this::listMapRuns);
        operations.put("UpdateMapRun", this::updateMapRun);
    }

    void routes(Javalin app) {
        app.post("/", this::handle);
    }

    /** Whether a request is meant for this API (its errors are then rendered in its shape). */
    static boolean isStepFunctions(Context ctx) {
        String target = ctx.header("X-Amz-Target");
        return target != null && target.startsWith(TARGET_PREFIX);
    }

    private void handle(Context ctx) {
        String target = Optional.ofNullable(ctx.header("X-Amz-Target")).orElse("");
        var op = target.startsWith(TARGET_PREFIX) ? operations.get(target.substring(TARGET_PREFIX.length())) : null;
        try {
            if (op == null) {
                throw new StepFunctionsError("UnknownOperationException", 400, target.isEmpty()
                        ? "Missing X-Amz-Target: this endpoint serves the Step Functions API (AWSStepFunctions.<Operation>)"
                        : "Unknown operation: " + target);
            }
            ObjectNode out = op.apply(SfnRequest.parse(ctx.bodyAsBytes()));
            SfnErrors.requestId(ctx).status(200).contentType(SfnErrors.CONTENT_TYPE).result(out.toString());
        } catch (StepFunctionsError e) {
            SfnErrors.render(ctx, e);
        } catch (HttpResponseException e) {   // Javalin refused to read the body: beyond the server's request size
            SfnErrors.render(ctx, e.getStatus() == 413
                    ? new StepFunctionsError("RequestEntityTooLargeException", 413, "Request must be smaller than "
                            + StepwiseServer.MAX_REQUEST_BYTES + " bytes for the " + target.substring(
                                    Math.min(target.length(), TARGET_PREFIX.length())) + " operation")
                    : SfnRequest.serialization("Could not read the request body: " + e.getMessage()));
        } catch (RuntimeException e) {
            log.error("{} failed", target, e);
            SfnErrors.render(ctx, new StepFunctionsError("InternalFailure", 500,
                    "The request processing has failed because of an unknown error: " + e.getClass().getSimpleName()));
        }
    }

    // ---- state machines

    private ObjectNode createStateMachine(SfnRequest r) {
        String name = r.required("name", NAME);
        String definition = r.requiredSensitive("definition", DEFINITION);
        String role = r.required("roleArn", ARN);
        Machine.Type type = Machine.Type.valueOf(r.oneOf("type", List.of("STANDARD", "EXPRESS")).orElse("STANDARD"));
        var c = machines.create(name, definition, role, type, r.object("loggingConfiguration"),
                r.object("tracingConfiguration"), r.tags("tags"), r.bool("publish", false),
                r.text("versionDescription", 256));
        ObjectNode o = Sfn.object();
        o.put("stateMachineArn", c.arn());
        o.put("creationDate", Sfn.time(c.creationDate()));
        c.versionArn().ifPresent(v -> o.put("stateMachineVersionArn", v));
        return o;
    }

    private ObjectNode describeStateMachine(SfnRequest r) {
        Machine m = machines.describe(r.required("stateMachineArn", ARN));
        boolean metadataOnly = r.oneOf("includedData", List.of("ALL_DATA", "METADATA_ONLY"))
                .filter("METADATA_ONLY"::equals).isPresent();
        ObjectNode o = Sfn.object();
        o.put("stateMachineArn", m.arn());
        o.put("name", m.name());
        o.put("status", m.status());
        o.put("definition", metadataOnly ? "{}" : m.definition());
        o.put("roleArn", m.roleArn());
        o.put("type", m.type().name());
        o.put("creationDate", Sfn.time(m.creationDate()));
        o.set("loggingConfiguration", Sfn.read(m.logging()));
        o.set("tracingConfiguration", Sfn.read(m.tracing()));
        m.revisionId().ifPresent(v -> o.put("revisionId", v));
        m.description().ifPresent(v -> o.put("description", v));
        o.putObject("encryptionConfiguration").put("type", "AWS_OWNED_KEY");
        return o;
    }

    private ObjectNode updateStateMachine(SfnRequest r) {
        var u = machines.update(r.required("stateMachineArn", ARN), r.sensitive("definition", DEFINITION),
                r.text("roleArn", ARN), r.object("loggingConfiguration"), r.object("tracingConfiguration"),
                r.bool("publish", false), r.text("versionDescription", 256));
        ObjectNode o = Sfn.object();
        o.put("updateDate", Sfn.time(u.updateDate()));
        u.revisionId().ifPresent(v -> o.put("revisionId", v));
        u.versionArn().ifPresent(v -> o.put("stateMachineVersionArn", v));
        return o;
    }

    private ObjectNode deleteStateMachine(SfnRequest r) {
        machines.delete(r.required("stateMachineArn", ARN));
        return Sfn.object();
    }

    private ObjectNode listStateMachines(SfnRequest r) {
        var page = machines.list(r.integer("maxResults"), r.text("nextToken", 1024));
        ObjectNode o = Sfn.object();
        ArrayNode items = o.putArray("stateMachines");
        for (Machine m : page.items()) {
            items.addObject().put("stateMachineArn", m.arn()).put("name", m.name()).put("type", m.type().name())
                    .put("creationDate", Sfn.time(m.creationDate()));
        }
        page.nextToken().ifPresent(t -> o.put("nextToken", t));
        return o;
    }

    private ObjectNode validate(SfnRequest r) {
        String definition = r.requiredSensitive("definition", DEFINITION);
        Machine.Type type = Machine.Type.valueOf(r.oneOf("type", List.of("STANDARD", "EXPRESS")).orElse("STANDARD"));
        r.oneOf("severity", List.of("ERROR", "WARNING"));
        int max = r.integer("maxResults").filter(n -> n > 0).orElse(100);
        if (max > 100) throw SfnRequest.invalid(Integer.toString(max), "maxResults", "Member must have value less than or equal to 100");
        List<StateMachines.Diagnostic> all = StateMachines.validate(definition, type);
        ObjectNode o = Sfn.object();
        o.put("result", all.stream().anyMatch(d -> d.severity().equals("ERROR")) ? "FAIL" : "OK");
        ArrayNode items = o.putArray("diagnostics");
        for (var d : all.subList(0, Math.min(max, all.size()))) {
            ObjectNode x = items.addObject().put("severity", d.severity()).put("code", d.code()).put("message", d.message());
            d.location().ifPresent(l -> x.put("location", l));
        }
        o.put("truncated", all.size() > max);
        return o;
    }

    // ---- versions and aliases

    private ObjectNode publish(SfnRequest r) {
        Machine v = machines.publish(r.required("stateMachineArn", ARN), r.text("revisionId"),
                r.text("description", 256));
        return Sfn.object().put("creationDate", Sfn.time(v.creationDate())).put("stateMachineVersionArn", v.arn());
    }

    private ObjectNode listVersions(SfnRequest r) {
        var page = machines.versions(r.required("stateMachineArn", ARN), r.integer("maxResults"),
                r.text("nextToken", 1024));
        ObjectNode o = Sfn.object();
        ArrayNode items = o.putArray("stateMachineVersions");
        page.items().forEach(v -> items.addObject().put("stateMachineVersionArn", v.arn())
                .put("creationDate", Sfn.time(v.creationDate())));
        page.nextToken().ifPresent(t -> o.put("nextToken", t));
        return o;
    }

    private ObjectNode deleteVersion(SfnRequest r) {
        machines.deleteVersion(r.required("stateMachineVersionArn", 2000));
        return Sfn.object();
    }

    private List<Machine.Route> routing(SfnRequest r) {
        List<Machine.Route> routes = new ArrayList<>();
        for (JsonNode n : r.list("routingConfiguration")) {
            if (!n.path("stateMachineVersionArn").isTextual() || !n.path("weight").isIntegralNumber()) {
                throw SfnRequest.serialization("Expected {stateMachineVersionArn: string, weight: integer} in "
                        + "'routingConfiguration', not " + n);
            }
            routes.add(new Machine.Route(n.get("stateMachineVersionArn").asText(), n.get("weight").asInt()));
        }
        return routes;
    }

    private ObjectNode createAlias(SfnRequest r) {
        String name = r.required("name", Integer.MAX_VALUE);
        if (!r.has("routingConfiguration")) throw SfnRequest.invalid(null, "routingConfiguration", "Member must not be null");
        var a = machines.createAlias(name, r.text("description", 256), routing(r));
        return Sfn.object().put("stateMachineAliasArn", a.arn()).put("creationDate", Sfn.time(a.creationDate()));
    }

    private ObjectNode describeAlias(SfnRequest r) {
        Machine.Alias a = machines.describeAlias(r.required("stateMachineAliasArn", ARN));
        ObjectNode o = Sfn.object();
        o.put("stateMachineAliasArn", a.arn());
        o.put("name", a.name());
        a.description().ifPresent(d -> o.put("description", d));
        ArrayNode routes = o.putArray("routingConfiguration");
        a.routing().forEach(x -> routes.addObject().put("stateMachineVersionArn", x.versionArn())
                .put("weight", x.weight()));
        o.put("creationDate", Sfn.time(a.creationDate()));
        o.put("updateDate", Sfn.time(a.updateDate()));
        return o;
    }

    private ObjectNode updateAlias(SfnRequest r) {
        String arn = r.required("stateMachineAliasArn", ARN);
        var when = machines.updateAlias(arn, r.text("description", 256),
                r.has("routingConfiguration") ? Optional.of(routing(r)) : Optional.empty());
        return Sfn.object().put("updateDate", Sfn.time(when));
    }

    private ObjectNode deleteAlias(SfnRequest r) {
        machines.deleteAlias(r.required("stateMachineAliasArn", ARN));
        return Sfn.object();
    }

    private ObjectNode listAliases(SfnRequest r) {
        var page = machines.aliases(r.required("stateMachineArn", ARN), r.integer("maxResults"),
                r.text("nextToken", 1024));
        ObjectNode o = Sfn.object();
        ArrayNode items = o.putArray("stateMachineAliases");
        page.items().forEach(a -> items.addObject().put("stateMachineAliasArn", a.arn())
                .put("creationDate", Sfn.time(a.creationDate())));
        page.nextToken().ifPresent(t -> o.put("nextToken", t));
        return o;
    }

    // ---- executions

    private ObjectNode startExecution(SfnRequest r) {
        var s = engine.start(r.required("stateMachineArn", ARN), r.text("name", NAME), r.sensitive("input", DATA));
        return Sfn.object().put("executionArn", s.executionArn()).put("startDate", Sfn.time(s.startDate()));
    }

    private ObjectNode startSyncExecution(SfnRequest r) {
        var s = engine.startSync(r.required("stateMachineArn", ARN), r.text("name", NAME), r.sensitive("input", DATA));
        boolean metadataOnly = r.oneOf("includedData", List.of("ALL_DATA", "METADATA_ONLY"))
                .filter("METADATA_ONLY"::equals).isPresent();
        ObjectNode o = Sfn.object();
        o.put("executionArn", s.executionArn());
        o.put("stateMachineArn", s.machineArn());
        o.put("name", s.name());
        o.put("startDate", Sfn.time(s.startDate()));
        o.put("stopDate", Sfn.time(s.stopDate()));
        o.put("status", s.status().name());
        s.error().ifPresent(e -> o.put("error", e));
        s.cause().ifPresent(c -> o.put("cause", c));
        if (!metadataOnly) o.put("input", s.input());
        o.putObject("inputDetails").put("included", !metadataOnly);
        if (!metadataOnly) s.output().ifPresent(out -> o.put("output", out));
        o.putObject("outputDetails").put("included", !metadataOnly);
        o.putObject("billingDetails").put("billedMemoryUsedInMB", s.billedMemoryMb())
                .put("billedDurationInMilliseconds", s.billedDurationMs());
        return o;
    }

    private ObjectNode describeExecution(SfnRequest r) {
        ExecutionRow e = engine.describe(r.required("executionArn", ARN));
        boolean metadataOnly = r.oneOf("includedData", List.of("ALL_DATA", "METADATA_ONLY"))
                .filter("METADATA_ONLY"::equals).isPresent();
        ObjectNode o = Sfn.object();
        o.put("executionArn", e.arn());
        o.put("stateMachineArn", e.stateMachineArn());
        o.put("name", e.name());
        o.put("status", e.status().name());
        o.put("startDate", Sfn.time(e.startDate()));
        e.stopDate().ifPresent(d -> o.put("stopDate", Sfn.time(d)));
        if (!metadataOnly) o.put("input", e.input());
        o.putObject("inputDetails").put("included", !metadataOnly);
        e.output().ifPresent(out -> {
            if (!metadataOnly) o.put("output", out);
            o.putObject("outputDetails").put("included", !metadataOnly);
        });
        e.error().ifPresent(x -> o.put("error", x));
        e.cause().ifPresent(x -> o.put("cause", x));
        e.versionArn().ifPresent(v -> o.put("stateMachineVersionArn", v));
        e.aliasArn().ifPresent(v -> o.put("stateMachineAliasArn", v));
        e.mapRunArn().ifPresent(v -> o.put("mapRunArn", v));
        o.put("redriveCount", e.redriveCount());
        e.redriveDate().ifPresent(d -> o.put("redriveDate", Sfn.time(d)));
        Optional<String> why = engine.notRedrivableBecause(e);
        o.put("redriveStatus", why.isEmpty() ? "REDRIVABLE" : "NOT_REDRIVABLE");
        why.ifPresent(w -> o.put("redriveStatusReason", w));
        return o;
    }

    private ObjectNode describeMachineForExecution(SfnRequest r) {
        var m = engine.machineFor(r.required("executionArn", ARN));
        ObjectNode o = Sfn.object();
        o.put("stateMachineArn", m.execution().stateMachineArn());
        o.put("name", m.execution().stateMachineName());
        o.put("definition", m.definition());
        o.put("roleArn", m.execution().roleArn());
        o.put("updateDate", Sfn.time(m.machine().map(Machine::updateDate).orElse(m.execution().startDate())));
        o.set("loggingConfiguration", Sfn.read(m.machine().map(Machine::logging)
                .orElse("{\"includeExecutionData\":false,\"level\":\"OFF\"}")));
        o.set("tracingConfiguration", Sfn.read(m.machine().map(Machine::tracing).orElse("{\"enabled\":false}")));
        m.machine().flatMap(Machine::revisionId).ifPresent(v -> o.put("revisionId", v));
        o.putObject("encryptionConfiguration").put("type", "AWS_OWNED_KEY");
        m.execution().mapRunArn().ifPresent(run -> {
            o.put("mapRunArn", run);
            String name = m.execution().stateMachineName();
            o.put("label", name.substring(name.lastIndexOf('/') + 1));
        });
        return o;
    }

    private ObjectNode listExecutions(SfnRequest r) {
        Optional<String> mapRun = r.text("mapRunArn", 2000);
        if (mapRun.isPresent() == r.has("stateMachineArn")) {
            throw StepFunctionsError.validation("Must provide a StateMachine ARN or MapRun ARN"
                    + (mapRun.isPresent() ? ", not both" : ""));
        }
        Optional<ExecutionStatus> status = r.oneOf("statusFilter", STATUSES).map(ExecutionStatus::valueOf);
        Optional<Boolean> redriven = r.oneOf("redriveFilter", List.of("REDRIVEN", "NOT_REDRIVEN"))
                .map("REDRIVEN"::equals);
        var page = mapRun.isPresent()
                ? engine.listByMapRun(mapRun.get(), status, redriven, r.integer("maxResults"),
                        r.text("nextToken", 3096))
                : engine.list(r.required("stateMachineArn", ARN), status, redriven, r.integer("maxResults"),
                        r.text("nextToken", 3096));
        ObjectNode o = Sfn.object();
        ArrayNode items = o.putArray("executions");
        for (ExecutionRow e : page.items()) {
            ObjectNode x = items.addObject();
            x.put("executionArn", e.arn());
            x.put("stateMachineArn", e.stateMachineArn());
            x.put("name", e.name());
            x.put("status", e.status().name());
            x.put("startDate", Sfn.time(e.startDate()));
            e.stopDate().ifPresent(d -> x.put("stopDate", Sfn.time(d)));
            e.versionArn().ifPresent(v -> x.put("stateMachineVersionArn", v));
            e.aliasArn().ifPresent(v -> x.put("stateMachineAliasArn", v));
            if (mapRun.isPresent()) e.mapRunArn().ifPresent(v -> x.put("mapRunArn", v));
            x.put("redriveCount", e.redriveCount());
            e.redriveDate().ifPresent(d -> x.put("redriveDate", Sfn.time(d)));
        }
        page.nextToken().ifPresent(t -> o.put("nextToken", t));
        return o;
    }

    // ---- Map Runs

    private ObjectNode describeMapRun(SfnRequest r) {
        var d = engine.describeMapRun(r.required("mapRunArn", 2000));
        var row = d.row();
        ObjectNode o = Sfn.object();
        o.put("mapRunArn", row.arn());
        o.put("executionArn", row.executionArn());
        o.put("status", row.status().name());
        o.put("startDate", Sfn.time(row.startDate()));
        row.stopDate().ifPresent(t -> o.put("stopDate", Sfn.time(t)));
        o.put("maxConcurrency", row.maxConcurrency());
        o.put("toleratedFailurePercentage", (float) Math.max(0, row.toleratedPercentage()));
        o.put("toleratedFailureCount", Math.max(0, row.toleratedCount()));
        counts(o.putObject("itemCounts"), d.items());
        counts(o.putObject("executionCounts"), d.executions());
        o.put("redriveCount", row.redriveCount());
        row.redriveDate().ifPresent(t -> o.put("redriveDate", Sfn.time(t)));
        return o;
    }

    private static void counts(ObjectNode o, io.stepwise.engine.MapRuns.Counts c) {
        o.put("pending", c.pending());
        o.put("running", c.running());
        o.put("succeeded", c.succeeded());
        o.put("failed", c.failed());
        o.put("timedOut", c.timedOut());
        o.put("aborted", c.aborted());
        o.put("total", c.total());
        o.put("resultsWritten", c.resultsWritten());
        o.put("failuresNotRedrivable", 0);
        o.put("pendingRedrive", 0);
    }

    private ObjectNode listMapRuns(SfnRequest r) {
        var page = engine.listMapRuns(r.required("executionArn", ARN), r.integer("maxResults"),
                r.text("nextToken", 3096));
        ObjectNode o = Sfn.object();
        ArrayNode runs = o.putArray("mapRuns");
        for (var run : page.items()) {
            ObjectNode x = runs.addObject();
            x.put("executionArn", run.executionArn());
            x.put("mapRunArn", run.arn());
            x.put("stateMachineArn", run.machineArn());
            x.put("startDate", Sfn.time(run.startDate()));
            run.stopDate().ifPresent(t -> x.put("stopDate", Sfn.time(t)));
        }
        page.nextToken().ifPresent(t -> o.put("nextToken", t));
        return o;
    }

    private ObjectNode updateMapRun(SfnRequest r) {
        String arn = r.required("mapRunArn", 2000);
        Optional<Long> max = r.longInteger("maxConcurrency");
        Optional<Long> count = r.longInteger("toleratedFailureCount");
        if (max.filter(m -> m < 0).isPresent() || count.filter(c -> c < 0).isPresent()) {
            throw StepFunctionsError.validation("1 validation error detected: Value at '"
                    + (max.filter(m -> m < 0).isPresent() ? "maxConcurrency" : "toleratedFailureCount")
                    + "' failed to satisfy constraint: Member must have value greater than or equal to 0");
        }
        engine.updateMapRun(arn, max, count, r.number("toleratedFailurePercentage"));
        return Sfn.object();
    }

    private ObjectNode stopExecution(SfnRequest r) {
        var stopped = engine.stop(r.required("executionArn", ARN), r.text("error", 256), r.sensitive("cause", 32768));
        return Sfn.object().put("stopDate", Sfn.time(stopped));
    }

    private ObjectNode redriveExecution(SfnRequest r) {
        Instant at = engine.redrive(r.required("executionArn", ARN), r.text("clientToken", 64));
        return Sfn.object().put("redriveDate", Sfn.time(at));
    }

    private ObjectNode history(SfnRequest r) {
        var page = engine.history(r.required("executionArn", ARN), r.integer("maxResults"), r.text("nextToken", 1024),
                r.bool("reverseOrder", false));
        boolean data = r.bool("includeExecutionData", true);
        ObjectNode o = Sfn.object();
        ArrayNode events = o.putArray("events");
        page.events().forEach(e -> events.add(data ? HistoryJson.event(e) : Sfn.withoutData(HistoryJson.event(e))));
        page.nextToken().ifPresent(t -> o.put("nextToken", t));
        return o;
    }

    // ---- tags and callbacks

    private ObjectNode tag(SfnRequest r) {
        String arn = r.required("resourceArn", ARN);
        if (!r.has("tags")) throw SfnRequest.invalid(null, "tags", "Member must not be null");
        machines.tag(arn, r.tags("tags"));
        return Sfn.object();
    }

    private ObjectNode untag(SfnRequest r) {
        String arn = r.required("resourceArn", ARN);
        if (!r.has("tagKeys")) throw SfnRequest.invalid(null, "tagKeys", "Member must not be null");
        machines.untag(arn, r.strings("tagKeys"));
        return Sfn.object();
    }

    private ObjectNode listTags(SfnRequest r) {
        ObjectNode o = Sfn.object();
        ArrayNode tags = o.putArray("tags");
        machines.tags(r.required("resourceArn", ARN)).forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
        return o;
    }

    private ObjectNode sendTaskSuccess(SfnRequest r) {
        engine.sendTaskSuccess(r.required("taskToken", 2048), r.requiredSensitive("output", DATA));
        return Sfn.object();
    }

    private ObjectNode sendTaskFailure(SfnRequest r) {
        engine.sendTaskFailure(r.required("taskToken", 2048), r.text("error", 256), r.sensitive("cause", 32768));
        return Sfn.object();
    }

    private ObjectNode sendTaskHeartbeat(SfnRequest r) {
        engine.sendTaskHeartbeat(r.required("taskToken", 2048));
        return Sfn.object();
    }

    // ---- testing a state (the SDKs send it to a sync- host; routing is on the target alone)

    private ObjectNode testState(SfnRequest r) {
        return engine.testState(TestStateInput.read(r)).json();
    }
}
