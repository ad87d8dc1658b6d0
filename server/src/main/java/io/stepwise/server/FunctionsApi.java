package io.stepwise.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.stepwise.functions.FunctionConfig;
import io.stepwise.functions.FunctionRef;
import io.stepwise.functions.FunctionRegistry;
import io.stepwise.functions.FunctionVersion;
import io.stepwise.functions.LambdaError;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Lambda API: CreateFunction, GetFunction(Configuration), ListFunctions, Update*, DeleteFunction. */
final class FunctionsApi {
    static final String BASE = "/2015-03-31/functions";
    private final FunctionRegistry registry;
    private final Authenticator auth;

    FunctionsApi(FunctionRegistry registry, Authenticator auth) {
        this.registry = registry;
        this.auth = auth;
    }

    void routes(Javalin app) {
        app.post(BASE, this::create);
        app.get(BASE, this::list);
        app.get(BASE + "/{name}", this::get);
        app.delete(BASE + "/{name}", this::delete);
        app.get(BASE + "/{name}/configuration", this::getConfiguration);
        app.put(BASE + "/{name}/configuration", this::updateConfiguration);
        app.put(BASE + "/{name}/code", this::updateCode);
    }

    private void create(Context ctx) {
        Body b = Body.of(ctx);
        String name = b.required("FunctionName", "functionName");
        String role = b.required("Role", "role");
        if (b.text("PackageType").filter("Image"::equals).isPresent()) {
            throw LambdaError.invalidParameter("Stepwise runs .zip packages only (PackageType Image is not supported).");
        }
        Body code = b.object("Code").orElseThrow(() -> LambdaError.validation("Value null at 'code' failed to satisfy constraint: Member must not be null"));
        byte[] zip = zip(code);
        var config = new FunctionConfig(b.text("Runtime").orElse(null), b.text("Handler").orElse(null), role,
                b.text("Description").orElse(""), b.integer("MemorySize").orElse(FunctionConfig.DEFAULT_MEMORY_MB),
                b.integer("Timeout").orElse(FunctionConfig.DEFAULT_TIMEOUT_SECONDS),
                ephemeral(b).orElse(FunctionConfig.DEFAULT_EPHEMERAL_MB), environment(b).orElse(Map.of()),
                architectures(b), vpc(b).orElse(FunctionConfig.Vpc.NONE), layers(b).orElse(List.of()));
        FunctionVersion v = registry.create(name, config, zip, b.bool("Publish"), b.strings("Tags").orElse(Map.of()));
        ctx.status(201).contentType("application/json").result(Shapes.configuration(registry, v).toString());
    }

    private void get(Context ctx) {
        FunctionRef ref = Query.ref(ctx);
        FunctionVersion v = registry.get(ref);
        ObjectNode o = Shapes.JSON.createObjectNode();
        o.set("Configuration", Shapes.configuration(registry, v));
        o.putObject("Code").put("RepositoryType", "S3")
                .put("Location", auth.link(ctx, StepwiseApi.CODE + "/" + v.code().sha256Hex() + ".zip"));
        Map<String, String> tags = registry.tags(registry.arn(v.functionName()));
        if (!tags.isEmpty()) tags.forEach(o.putObject("Tags")::put);
        v.reservedConcurrency().ifPresent(n -> o.putObject("Concurrency").put("ReservedConcurrentExecutions", n));
        ctx.contentType("application/json").result(o.toString());
    }

    private void getConfiguration(Context ctx) {
        ctx.contentType("application/json").result(Shapes.configuration(registry, registry.get(Query.ref(ctx))).toString());
    }

    private void list(Context ctx) {
        int max = Query.maxItems(ctx, 50);
        boolean all = Query.text(ctx, "FunctionVersion").filter("ALL"::equals).isPresent();
        List<FunctionVersion> page = registry.list(Query.text(ctx, "Marker"), max + 1);
        ObjectNode o = Shapes.JSON.createObjectNode();
        ArrayNode fns = o.putArray("Functions");
        for (FunctionVersion f : page.subList(0, Math.min(max, page.size()))) {
            if (all) registry.versions(f.functionName()).forEach(v -> fns.add(Shapes.configuration(registry, v)));
            else fns.add(Shapes.configuration(registry, f));
        }
        if (page.size() > max) o.put("NextMarker", page.get(max - 1).functionName());
        ctx.contentType("application/json").result(o.toString());
    }

    private void updateCode(Context ctx) {
        Body b = Body.of(ctx);
        if (b.bool("DryRun")) throw LambdaError.invalidParameter("DryRun is not supported by Stepwise.");
        FunctionVersion v = registry.updateCode(Query.name(ctx), zip(b), b.bool("Publish"), b.text("RevisionId"));
        ctx.contentType("application/json").result(Shapes.configuration(registry, v).toString());
    }

    private void updateConfiguration(Context ctx) {
        Body b = Body.of(ctx);
        var changes = new FunctionConfig.Changes(b.text("Runtime"), b.text("Handler"), b.text("Role"), b.text("Description"),
                b.integer("MemorySize"), b.integer("Timeout"), ephemeral(b), environment(b), vpc(b), layers(b));
        FunctionVersion v = registry.updateConfig(Query.name(ctx), changes, b.text("RevisionId"));
        ctx.contentType("application/json").result(Shapes.configuration(registry, v).toString());
    }

    private void delete(Context ctx) {
        registry.delete(Query.ref(ctx));
        ctx.status(204);
    }

    private static byte[] zip(Body code) {
        if (code.text("S3Bucket").isPresent() || code.text("ImageUri").isPresent()) {
            throw LambdaError.invalidParameter("Stepwise accepts code as ZipFile only (S3 and container images are not supported).");
        }
        return code.blob("ZipFile").orElseThrow(() -> LambdaError.invalidParameter("Please provide a source for function code."));
    }

    /** {@code Layers}: version ARNs, resolved (and checked) in the order given; an empty list removes them all. */
    private Optional<List<FunctionConfig.Layer>> layers(Body b) {
        return b.list("Layers").map(registry.layers()::resolve);
    }

    private static Optional<Integer> ephemeral(Body b) {
        return b.object("EphemeralStorage").map(e -> e.integer("Size").orElseThrow(() -> LambdaError.validation(
                "Value null at 'ephemeralStorage.size' failed to satisfy constraint: Member must not be null")));
    }

    private static Optional<Map<String, String>> environment(Body b) {
        return b.object("Environment").map(e -> e.strings("Variables").orElse(Map.of()));
    }

    /** Stepwise has no VPCs: the ids are kept as given, and subnets mean no network but the Runtime API. */
    private static Optional<FunctionConfig.Vpc> vpc(Body b) {
        return b.object("VpcConfig").map(v -> {
            List<String> subnets = v.list("SubnetIds").orElse(List.of()), groups = v.list("SecurityGroupIds").orElse(List.of());
            if (subnets.size() > 16) throw LambdaError.validation("1 validation error detected: Value '" + subnets
                    + "' at 'vpcConfig.subnetIds' failed to satisfy constraint: Member must have length less than or equal to 16");
            if (groups.size() > 5) throw LambdaError.validation("1 validation error detected: Value '" + groups
                    + "' at 'vpcConfig.securityGroupIds' failed to satisfy constraint: Member must have length less than or equal to 5");
            return new FunctionConfig.Vpc(subnets, groups);
        });
    }

    private static List<String> architectures(Body b) {
        if (!b.json().has("Architectures")) return List.of("x86_64");
        var n = b.json().get("Architectures");
        if (!n.isArray() || n.size() != 1 || !n.get(0).isTextual() || !List.of("x86_64", "arm64").contains(n.get(0).asText())) {
            throw LambdaError.validation("Value at 'architectures' failed to satisfy constraint: Member must have length 1 "
                    + "and satisfy enum value set: [x86_64, arm64]");
        }
        return List.of(n.get(0).asText());
    }
}
