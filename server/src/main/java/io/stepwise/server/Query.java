package io.stepwise.server;

import io.javalin.http.Context;
import io.stepwise.functions.FunctionRef;
import io.stepwise.functions.LambdaError;
import java.util.List;
import java.util.Optional;

/** Path and query parameters of the Lambda API, checked against the model's constraints. */
final class Query {
    private Query() {}

    static String name(Context ctx) {
        return ctx.pathParam("name");
    }

    /** The function path parameter plus the optional {@code Qualifier} query parameter. */
    static FunctionRef ref(Context ctx) {
        return FunctionRef.parse(name(ctx), Optional.ofNullable(ctx.queryParam("Qualifier")));
    }

    static Optional<String> text(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(s -> !s.isEmpty());
    }

    static int maxItems(Context ctx, int dflt) {
        return intParam(ctx, "MaxItems", dflt, 1, 10_000);
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        Optional<String> v = text(ctx, name);
        if (v.isEmpty()) return dflt;
        try {
            int n = Integer.parseInt(v.get());
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw LambdaError.validation("Value '" + v.get() + "' at '" + name + "' failed to satisfy constraint: Member must "
                + "be an integer between " + min + " and " + max);
    }

    /** One page of {@code all}; the marker is the index of the first item of the page. */
    static <T> List<T> page(List<T> all, Context ctx, int dflt, java.util.function.Consumer<String> nextMarker) {
        int from = 0;
        Optional<String> marker = text(ctx, "Marker");
        if (marker.isPresent()) {
            try {
                from = Integer.parseInt(marker.get());
            } catch (NumberFormatException e) {
                throw LambdaError.invalidParameter("Invalid marker: " + marker.get());
            }
            if (from < 0 || from > all.size()) throw LambdaError.invalidParameter("Invalid marker: " + marker.get());
        }
        int to = Math.min(all.size(), from + maxItems(ctx, 50));
        if (to < all.size()) nextMarker.accept(Integer.toString(to));
        return all.subList(from, to);
    }
}
