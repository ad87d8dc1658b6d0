package io.stepwise.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.stepwise.functions.LambdaError;
import io.stepwise.functions.LayerRegistry;
import io.stepwise.functions.LayerVersion;
import java.util.List;
import java.util.Optional;

/**
 * Lambda API: layers (PublishLayerVersion, GetLayerVersion, GetLayerVersionByArn, ListLayers, ListLayerVersions,
 * DeleteLayerVersion) and their permissions (Add/RemoveLayerVersionPermission, GetLayerVersionPolicy).
 */
final class LayersApi {
    static final String BASE = "/2018-10-31/layers";
    private static final String VERSION = BASE + "/{layer}/versions/{version}";
    private final LayerRegistry layers;
    private final Authenticator auth;

    LayersApi(LayerRegistry layers, Authenticator auth) {
        this.layers = layers;
        this.auth = auth;
    }

    void routes(Javalin app) {
        app.get(BASE, this::listOrFind);
        app.post(BASE + "/{layer}/versions", this::publish);
        app.get(BASE + "/{layer}/versions", this::listVersions);
        app.get(VERSION, ctx -> json(ctx, version(ctx, layers.get(layer(ctx), number(ctx))), 200));
        app.delete(VERSION, ctx -> {
            layers.delete(layer(ctx), number(ctx));
            ctx.status(204);
        });
        app.post(VERSION + "/policy", this::addPermission);
        app.get(VERSION + "/policy", ctx -> {
            LayerRegistry.Permission p = layers.policy(layer(ctx), number(ctx));
            json(ctx, Shapes.JSON.createObjectNode().put("Policy", p.statement()).put("RevisionId", p.revisionId()), 200);
        });
        app.delete(VERSION + "/policy/{statement}", ctx -> {
            layers.removePermission(layer(ctx), number(ctx), ctx.pathParam("statement"), Query.text(ctx, "RevisionId"));
            ctx.status(204);
        });
    }

    private void publish(Context ctx) {
        Body b = Body.of(ctx);
        Body content = b.object("Content").orElseThrow(() -> LambdaError.validation(
                "Value null at 'content' failed to satisfy constraint: Member must not be null"));
        if (content.text("S3Bucket").isPresent()) {
            throw LambdaError.invalidParameter("Stepwise accepts layer content as ZipFile only (S3 is not supported).");
        }
        byte[] zip = content.blob("ZipFile").orElseThrow(() -> LambdaError.invalidParameter("Please provide a source for layer content."));
        LayerVersion v = layers.publish(layer(ctx), b.text("Description").orElse(""), zip,
                b.list("CompatibleRuntimes").orElse(List.of()), b.list("CompatibleArchitectures").orElse(List.of()),
                b.text("LicenseInfo"));
        json(ctx, version(ctx, v), 201);
    }

    /** ListLayers, or GetLayerVersionByArn ({@code ?find=LayerVersion&Arn=...}) on the same path. */
    private void listOrFind(Context ctx) {
        if ("LayerVersion".equals(ctx.queryParam("find"))) {
            json(ctx, version(ctx, layers.get(ctx.queryParam("Arn"))), 200);
            return;
        }
        Query.intParam(ctx, "MaxItems", 50, 1, 50);
        ObjectNode o = Shapes.JSON.createObjectNode();
        List<LayerVersion> page = Query.page(layers.latest(runtime(ctx), architecture(ctx)), ctx, 50, m -> o.put("NextMarker", m));
        ArrayNode list = o.putArray("Layers");
        for (LayerVersion v : page) {
            ObjectNode item = list.addObject().put("LayerName", v.layerName()).put("LayerArn", layers.arn(v.layerName()));
            Shapes.layerVersionItem(layers, v, item.putObject("LatestMatchingVersion"));
        }
        json(ctx, o, 200);
    }

    private void listVersions(Context ctx) {
        Query.intParam(ctx, "MaxItems", 50, 1, 50);
        ObjectNode o = Shapes.JSON.createObjectNode();
        List<LayerVersion> page = Query.page(layers.versions(layer(ctx), runtime(ctx), architecture(ctx)), ctx, 50,
                m -> o.put("NextMarker", m));
        ArrayNode list = o.putArray("LayerVersions");
        page.forEach(v -> Shapes.layerVersionItem(layers, v, list.addObject()));
        json(ctx, o, 200);
    }

    private void addPermission(Context ctx) {
        Body b = Body.of(ctx);
        LayerRegistry.Permission p = layers.addPermission(layer(ctx), number(ctx), b.required("StatementId", "statementId"),
                b.required("Action", "action"), b.required("Principal", "principal"), b.text("OrganizationId"),
                Query.text(ctx, "RevisionId"));
        json(ctx, Shapes.JSON.createObjectNode().put("Statement", p.statement()).put("RevisionId", p.revisionId()), 201);
    }

    private ObjectNode version(Context ctx, LayerVersion v) {
        return Shapes.layerVersion(layers, v, auth.link(ctx, StepwiseApi.CODE + "/" + v.code().sha256Hex() + ".zip"));
    }

    private static String layer(Context ctx) {
        return ctx.pathParam("layer");
    }

    private static long number(Context ctx) {
        String n = ctx.pathParam("version");
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            throw LambdaError.validation("Value '" + n + "' at 'versionNumber' failed to satisfy constraint: Member must be a number");
        }
    }

    private static Optional<String> runtime(Context ctx) {
        return Query.text(ctx, "CompatibleRuntime");
    }

    private static Optional<String> architecture(Context ctx) {
        return Query.text(ctx, "CompatibleArchitecture");
    }

    private static void json(Context ctx, ObjectNode o, int status) {
        ctx.status(status).contentType("application/json").result(o.toString());
    }
}
