package io.stepwise.server;

import io.javalin.Javalin;

/**
 * Old visualization links of power tuning runs ({@code http://HOST:PORT/power-tuning/#...}, the address the server
 * gave before the console drew tuning results) keep working: the page is a redirect to the console's
 * {@code /console/power-tuning}, and the browser carries the link's fragment (the numbers) over to the new address
 * itself (RFC 9110 §10.2.2), so they still never reach the server. Nothing else is served under the path.
 */
final class PowerTuningPage {
    static final String PATH = "/power-tuning";
    /** Where a run's visualization link points now: the console's page, which decodes the fragment. */
    static final String CONSOLE = ConsoleRoutes.PATH + "/power-tuning";

    void routes(Javalin app) {
        // one route for "/power-tuning" and "/power-tuning/" (Javalin ignores trailing slashes)
        app.get(PATH, ctx -> ctx.redirect(CONSOLE));
        app.get(PATH + "/{file}", ctx -> {
            throw AwsErrors.unknownOperation(ctx);
        });
    }
}
