package io.stepwise.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The console: static files from the classpath folder {@code console/} under {@code /console/}. Every other path
 * under it is a page of the single-page app ({@code /console/state-machines/<arn>}, {@code /console/executions/<arn>},
 * ...) and gets {@code index.html}, so that a deep link pasted into a browser opens its page. The console talks to the
 * server only through the public APIs, like any client; its files carry no data.
 */
final class ConsoleRoutes {
    static final String PATH = "/console";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "md", "text/plain; charset=utf-8",
            "txt", "text/plain; charset=utf-8");
    private static final String POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: "
            + "blob:; connect-src 'self'; frame-ancestors 'none'";

    void routes(Javalin app) {
        app.get(PATH, ctx -> {
            if (!ctx.req().getRequestURI().endsWith("/")) ctx.redirect(PATH + "/");
            else serve(ctx, "index.html");
        });
        app.get(PATH + "/<path>", ctx -> {
            String path = ctx.pathParam("path");
            String ext = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : "";
            boolean asset = !path.contains("..") && !path.contains(":") && TYPES.containsKey(ext)
                    && ConsoleRoutes.class.getResource("/console/" + path) != null;
            serve(ctx, asset ? path : "index.html");
        });
    }

    private static void serve(Context ctx, String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        ClasspathFiles.serve(ctx, "console", name, TYPES.get(ext), POLICY,
                name.equals("index.html") ? "no-cache" : "max-age=60");
    }
}
