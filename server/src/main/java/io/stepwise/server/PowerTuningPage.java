package io.stepwise.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The page that a power tuning run's visualization link points at ({@code http://HOST:PORT/power-tuning/#...}), in
 * place of AWS Lambda Power Tuning's {@code https://lambda-power-tuning.show/}: static files from the classpath
 * folder {@code power-tuning/}. The results travel in the link's fragment, which browsers do not send, and the
 * Content-Security-Policy forbids the page any connection, so the numbers never leave the machine.
 */
final class PowerTuningPage {
    static final String PATH = "/power-tuning";
    /** The files served, by name; anything else under the path is an unknown operation. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "page.css", "text/css; charset=utf-8",
            "page.mjs", "text/javascript; charset=utf-8",
            "decode.mjs", "text/javascript; charset=utf-8",
            "chart.umd.min.js", "text/javascript; charset=utf-8",
            "chart.js-LICENSE.md", "text/plain; charset=utf-8");
    private static final String POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'none'; frame-ancestors 'none'";

    void routes(Javalin app) {
        // one route for "/power-tuning" and "/power-tuning/" (Javalin ignores trailing slashes)
        app.get(PATH, ctx -> {
            // without the slash the page's relative assets resolve under "/": the browser keeps the #fragment
            if (!ctx.req().getRequestURI().endsWith("/")) ctx.redirect(PATH + "/");
            else serve(ctx, "index.html");
        });
        app.get(PATH + "/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
    }

    private static void serve(Context ctx, String name) {
        String type = FILES.get(name);
        if (type == null) throw AwsErrors.unknownOperation(ctx);
        ClasspathFiles.serve(ctx, "power-tuning", name, type, POLICY, null);
    }
}
