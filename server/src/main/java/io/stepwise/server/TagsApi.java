package io.stepwise.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.stepwise.functions.FunctionRegistry;
import io.stepwise.functions.LambdaError;
import java.util.Map;

/** Lambda API: TagResource, UntagResource, ListTags (functions only). */
final class TagsApi {
    private static final String BASE = "/2017-03-31/tags/{resource}";
    private final FunctionRegistry registry;

    TagsApi(FunctionRegistry registry) {
        this.registry = registry;
    }

    void routes(Javalin app) {
        app.get(BASE, ctx -> {
            ObjectNode o = Shapes.JSON.createObjectNode();
            ObjectNode tags = o.putObject("Tags");
            registry.tags(ctx.pathParam("resource")).forEach(tags::put);
            ctx.contentType("application/json").result(o.toString());
        });
        app.post(BASE, ctx -> {
            Map<String, String> tags = Body.of(ctx).strings("Tags").orElseThrow(() -> LambdaError.validation(
                    "Value null at 'tags' failed to satisfy constraint: Member must not be null"));
            registry.tag(ctx.pathParam("resource"), tags);
            ctx.status(204);
        });
        app.delete(BASE, ctx -> {
            registry.untag(ctx.pathParam("resource"), ctx.queryParams("tagKeys"));
            ctx.status(204);
        });
    }
}
