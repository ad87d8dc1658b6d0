package io.stepwise.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.stepwise.functions.EventInvokeConfig;
import io.stepwise.functions.EventInvokeConfigs;
import io.stepwise.functions.FunctionRegistry;
import java.util.List;
import java.util.OptionalInt;

/**
 * Lambda API: Put/Update/Get/Delete/ListFunctionEventInvokeConfig[s], the asynchronous invocation settings of a
 * function, version or alias ({@code Qualifier}; none means {@code $LATEST}).
 */
final class EventInvokeConfigApi {
    private static final String BASE = "/2019-09-25/functions/{name}/event-invoke-config";
    private final FunctionRegistry registry;
    private final EventInvokeConfigs configs;

    EventInvokeConfigApi(FunctionRegistry registry, EventInvokeConfigs configs) {
        this.registry = registry;
        this.configs = configs;
    }

    void routes(Javalin app) {
        app.put(BASE, ctx -> json(ctx, configs.put(Query.ref(ctx), request(Body.of(ctx)))));
        app.post(BASE, ctx -> json(ctx, configs.update(Query.ref(ctx), request(Body.of(ctx)))));
        app.get(BASE, ctx -> json(ctx, configs.get(Query.ref(ctx))));
        app.delete(BASE, ctx -> {
            configs.delete(Query.ref(ctx));
            ctx.status(204);
        });
        app.get(BASE + "/list", this::list);
    }

    private void list(Context ctx) {
        int max = Query.intParam(ctx, "MaxItems", 50, 1, 50); // the model's MaxFunctionEventInvokeConfigListItems
        List<EventInvokeConfig> all = configs.list(Query.name(ctx));
        ObjectNode o = Shapes.JSON.createObjectNode();
        ArrayNode list = o.putArray("FunctionEventInvokeConfigs");
        Query.page(all, ctx, max, m -> o.put("NextMarker", m)).forEach(c -> list.add(Shapes.eventInvokeConfig(registry, c)));
        ctx.contentType("application/json").result(o.toString());
    }

    private static EventInvokeConfig.Request request(Body b) {
        return new EventInvokeConfig.Request(optionalInt(b, "MaximumRetryAttempts"), optionalInt(b, "MaximumEventAgeInSeconds"),
                b.object("DestinationConfig").map(d -> new EventInvokeConfig.Destinations(destination(d, "OnSuccess"),
                        destination(d, "OnFailure"))));
    }

    private static java.util.Optional<String> destination(Body config, String side) {
        return config.object(side).flatMap(s -> s.text("Destination"));
    }

    private static OptionalInt optionalInt(Body b, String member) {
        return b.integer(member).map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    private void json(Context ctx, EventInvokeConfig c) {
        ctx.contentType("application/json").result(Shapes.eventInvokeConfig(registry, c).toString());
    }
}
