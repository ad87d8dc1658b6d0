package io.stepwise.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stepwise.engine.Engine;
import io.stepwise.engine.Progress;
import io.stepwise.functions.FunctionRef;
import io.stepwise.functions.FunctionVersion;
import io.stepwise.functions.Functions;
import io.stepwise.functions.InvocationEntry;
import io.stepwise.functions.LambdaError;
import io.stepwise.functions.LogStore;
import io.stepwise.functions.Metering;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stepwise's own routes: {@code /health}, {@code /metrics} (Prometheus), the read API for function logs and
 * invocation records (used by {@code stepwise functions logs} and {@code stepwise logs}), code downloads (the
 * {@code Code.Location} of GetFunction), and an execution's progress (what {@code stepwise workflows start --wait} and
 * the main job draw their progress bars from).
 */
final class StepwiseApi {
    static final String V1 = "/stepwise/v1";
    static final String CODE = V1 + "/code";
    private final Functions functions;
    private final PrometheusMeterRegistry meters;
    private final Engine engine;

    StepwiseApi(Functions functions, Engine engine, PrometheusMeterRegistry meters) {
        this.functions = functions;
        this.engine = engine;
        this.meters = meters;
    }

    void routes(Javalin app) {
        app.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
        app.get(V1 + "/functions/{name}/logs", this::logs);
        app.get(V1 + "/functions/{name}/invocations", this::invocations);
        app.get(CODE + "/{file}", this::code);
        app.get(V1 + "/executions/progress", this::progress);
        // the prices the CLI's main job costs a run with, for the console's cost panel: one file for both
        app.get(V1 + "/prices", ctx -> ClasspathFiles.serve(ctx, "", "prices.json", "application/json",
                "default-src 'none'", null));
    }

    /** {@code ?executionArn=...}: states entered, Map items done of all, tasks running, failures, and the status. */
    private void progress(Context ctx) {
        String arn = Query.text(ctx, "executionArn").orElseThrow(() ->
                io.stepwise.engine.StepFunctionsError.validation("executionArn is required"));
        Progress.Snapshot p = engine.progress(arn);
        ObjectNode o = Shapes.JSON.createObjectNode();
        o.put("status", engine.describe(arn).status().name());
        o.put("statesEntered", p.statesEntered());
        o.put("mapItemsDone", p.mapItemsDone());
        o.put("mapItems", p.mapItems());
        o.put("mapItemsFailed", p.mapItemsFailed());
        o.put("tasksRunning", p.tasksRunning());
        o.put("taskFailures", p.taskFailures());
        o.put("events", p.events());
        ctx.contentType("application/json").result(o.toString());
    }

    private void logs(Context ctx) {
        FunctionVersion f = functions.registry().get(FunctionRef.parse(Query.name(ctx)));
        int limit = Query.intParam(ctx, "limit", 100, 1, 100_000);
        if (Query.text(ctx, "format").filter("json"::equals).isPresent()) {
            // {"Lines": [...], "NextCursor": "..."}: pass NextCursor back as ?after= to get only newer lines
            LogStore.Page page = functions.logs().since(f.functionName(), Query.text(ctx, "after"), limit);
            ObjectNode o = Shapes.JSON.createObjectNode();
            page.lines().forEach(o.putArray("Lines")::add);
            o.put("NextCursor", page.cursor());
            ctx.contentType("application/json").result(o.toString());
            return;
        }
        StringBuilder out = new StringBuilder();
        functions.logs().recent(f.functionName(), limit).forEach(l -> out.append(l).append('\n'));
        ctx.contentType("text/plain; charset=utf-8").result(out.toString());
    }

    private void invocations(Context ctx) {
        FunctionVersion f = functions.registry().get(FunctionRef.parse(Query.name(ctx)));
        int limit = Query.intParam(ctx, "limit", 50, 1, 10_000);
        ObjectNode o = Shapes.JSON.createObjectNode();
        ArrayNode list = o.putArray("Invocations");
        for (InvocationEntry e : functions.invocations().recent(f.functionName(), limit)) {
            Metering m = e.metering();
            ObjectNode r = list.addObject();
            r.put("RequestId", e.requestId());
            r.put("FunctionName", e.functionName());
            r.put("Version", e.version());
            r.put("InvocationType", e.invocationType());
            r.put("StartTime", e.start().toString());
            r.put("DurationMs", m.durationMs());
            r.put("BilledDurationMs", m.billedDurationMs());
            r.put("MemorySizeMb", m.memorySizeMb());
            r.put("MaxMemoryUsedMb", m.maxMemoryUsedMb());
            if (m.initDurationMs().isPresent()) r.put("InitDurationMs", m.initDurationMs().getAsDouble());
            else r.putNull("InitDurationMs");
            r.put("GbSeconds", m.gbSeconds());
            r.put("Cold", m.coldStart());
            if (e.error().isPresent()) r.put("Error", e.error().get());
            else r.putNull("Error");
        }
        ctx.contentType("application/json").result(o.toString());
    }

    private void code(Context ctx) throws IOException {
        String file = ctx.pathParam("file");
        if (!file.matches("[0-9a-f]{64}\\.zip")) throw LambdaError.notFound("Code not found: " + file);
        Path zip = functions.registry().packages().zipPath(file.substring(0, 64));
        if (!Files.exists(zip)) throw LambdaError.notFound("Code not found: " + file);
        ctx.contentType("application/zip").result(Files.readAllBytes(zip));
    }
}
