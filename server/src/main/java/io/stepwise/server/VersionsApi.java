package io.stepwise.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.stepwise.functions.Alias;
import io.stepwise.functions.FunctionRegistry;
import io.stepwise.functions.FunctionVersion;
import io.stepwise.functions.LambdaError;
import java.util.List;
import java.util.Map;

/** Lambda API: versions, aliases and reserved concurrency. */
final class VersionsApi {
    private static final String BASE = FunctionsApi.BASE + "/{name}";
    private final FunctionRegistry registry;

    VersionsApi(FunctionRegistry registry) {
        this.registry = registry;
    }

    void routes(Javalin app) {
        app.post(BASE + "/versions", this::publish);
        app.get(BASE + "/versions", this::listVersions);
        app.post(BASE + "/aliases", this::createAlias);
        app.get(BASE + "/aliases", this::listAliases);
        app.get(BASE + "/aliases/{alias}", ctx -> alias(ctx, registry.alias(Query.name(ctx), ctx.pathParam("alias")), 200));
        app.put(BASE + "/aliases/{alias}", this::updateAlias);
        app.delete(BASE + "/aliases/{alias}", ctx -> {
            registry.deleteAlias(Query.name(ctx), ctx.pathParam("alias"));
            ctx.status(204);
        });
        app.get("/2016-08-19/account-settings", this::accountSettings);
        app.put("/2017-10-31/functions/{name}/concurrency", this::putConcurrency);
        app.delete("/2017-10-31/functions/{name}/concurrency", ctx -> {
            registry.deleteConcurrency(Query.name(ctx));
            ctx.status(204);
        });
        app.get("/2019-09-30/functions/{name}/concurrency", ctx -> {
            ObjectNode o = Shapes.JSON.createObjectNode();
            registry.concurrency(Query.name(ctx)).ifPresent(n -> o.put("ReservedConcurrentExecutions", n));
            json(ctx, o, 200);
        });
    }

    private void publish(Context ctx) {
        Body b = Body.of(ctx);
        FunctionVersion v = registry.publish(Query.name(ctx), b.text("CodeSha256"), b.text("Description"), b.text("RevisionId"));
        json(ctx, Shapes.configuration(registry, v), 201);
    }

    private void listVersions(Context ctx) {
        ObjectNode o = Shapes.JSON.createObjectNode();
        List<FunctionVersion> page = Query.page(registry.versions(Query.name(ctx)), ctx, 50, m -> o.put("NextMarker", m));
        ArrayNode versions = o.putArray("Versions");
        for (FunctionVersion v : page) {
            ObjectNode c = Shapes.configuration(registry, v);
            if (v.latest()) c.put("FunctionArn", registry.arn(v.functionName(), FunctionVersion.LATEST));
            versions.add(c);
        }
        json(ctx, o, 200);
    }

    private void createAlias(Context ctx) {
        Body b = Body.of(ctx);
        Alias a = registry.createAlias(Query.name(ctx), b.required("Name", "name"), b.required("FunctionVersion", "functionVersion"),
                b.text("Description").orElse(""), weights(b).orElse(Map.of()));
        alias(ctx, a, 201);
    }

    private void updateAlias(Context ctx) {
        Body b = Body.of(ctx);
        Alias a = registry.updateAlias(Query.name(ctx), ctx.pathParam("alias"), b.text("FunctionVersion"),
                b.text("Description"), weights(b), b.text("RevisionId"));
        alias(ctx, a, 200);
    }

    private void listAliases(Context ctx) {
        ObjectNode o = Shapes.JSON.createObjectNode();
        List<Alias> page = Query.page(registry.aliases(Query.name(ctx), Query.text(ctx, "FunctionVersion")), ctx, 50,
                m -> o.put("NextMarker", m));
        ArrayNode aliases = o.putArray("Aliases");
        page.forEach(a -> aliases.add(Shapes.alias(registry, a)));
        json(ctx, o, 200);
    }

    /** Lambda's default concurrency quota per account and region. */
    private static final int ACCOUNT_CONCURRENCY = 1000;

    private void putConcurrency(Context ctx) {
        Body b = Body.of(ctx);
        int n = b.integer("ReservedConcurrentExecutions").orElseThrow(() -> LambdaError.validation(
                "Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null"));
        json(ctx, Shapes.JSON.createObjectNode().put("ReservedConcurrentExecutions", registry.putConcurrency(Query.name(ctx), n)), 200);
    }

    /**
     * GetAccountSettings: Lambda's default quotas, and this server's usage. As on Lambda, the unreserved pool is the
     * account's concurrency less what functions reserved.
     */
    private void accountSettings(Context ctx) {
        List<FunctionVersion> fns = registry.list(java.util.Optional.empty(), Integer.MAX_VALUE);
        int reserved = fns.stream().mapToInt(f -> f.reservedConcurrency().orElse(0)).sum();
        ObjectNode o = Shapes.JSON.createObjectNode();
        o.putObject("AccountLimit").put("TotalCodeSize", 75L << 30).put("CodeSizeUnzipped", 262_144_000L)
                .put("CodeSizeZipped", 52_428_800L).put("ConcurrentExecutions", ACCOUNT_CONCURRENCY)
                .put("UnreservedConcurrentExecutions", ACCOUNT_CONCURRENCY - reserved);
        o.putObject("AccountUsage").put("TotalCodeSize", fns.stream().mapToLong(f -> f.code().size()).sum()
                        + registry.layers().codeSize())
                .put("FunctionCount", fns.size());
        json(ctx, o, 200);
    }

    private static java.util.Optional<Map<String, Double>> weights(Body b) {
        return b.object("RoutingConfig").map(r -> r.numbers("AdditionalVersionWeights").orElse(Map.of()));
    }

    private void alias(Context ctx, Alias a, int status) {
        json(ctx, Shapes.alias(registry, a), status);
    }

    private static void json(Context ctx, ObjectNode o, int status) {
        ctx.status(status).contentType("application/json").result(o.toString());
    }
}
