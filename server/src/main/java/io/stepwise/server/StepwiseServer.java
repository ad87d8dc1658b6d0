package io.stepwise.server;

import io.javalin.Javalin;
import io.stepwise.engine.Buckets;
import io.stepwise.engine.Engine;
import io.stepwise.engine.EngineConfig;
import io.stepwise.tuning.PowerTuning;
import io.stepwise.tuning.Prices;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.stepwise.functions.Functions;
import io.stepwise.functions.RuntimeConfig;
import io.stepwise.store.DataFolder;
import io.stepwise.store.Database;
import io.stepwise.store.StoreConfig;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the data folder's lock, the one store every module shares ({@link ServerConfig#database}),
 * the functions runtime on it, the workflow engine on both (its Lambda tasks run on these functions), and one HTTP port
 * serving the AWS Lambda REST-JSON API, the Step Functions JSON 1.0 API, the S3-compatible object API ({@link S3Api}),
 * Stepwise's own read API, {@code /health} and {@code /metrics}. With {@link Auth.SigV4} every route but the last two
 * needs a valid request signature ({@link Authenticator}).
 */
public final class StepwiseServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StepwiseServer.class);
    /** Largest request: a 50 MB zip, base64 (69,905,067 bytes), in a CreateFunction body. */
    static final long MAX_REQUEST_BYTES = 72L << 20;

    private final ServerConfig config;
    private final DataFolder folder;
    private final Database db;
    private final Functions functions;
    private final Engine engine;
    private final Javalin app;

    private StepwiseServer(ServerConfig config, DataFolder folder, Database db, Functions functions, Engine engine,
                           Javalin app) {
        this.config = config;
        this.folder = folder;
        this.db = db;
        this.functions = functions;
        this.engine = engine;
        this.app = app;
    }

    public static StepwiseServer start(ServerConfig config) {
        var folder = DataFolder.lock(config.dataDir());
        Database db = null;
        Functions functions = null;
        Engine engine = null;
        try {
            db = Database.open(config.database());
            var meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            var runtime = new RuntimeConfig(config.dataDir().toAbsolutePath(), config.memoryBudgetMb(), config.idleTimeout(),
                    config.clock(), meters, "us-east-1").withUnsafeNoSandbox(config.unsafeNoSandbox());
            var access = new FunctionApiAccess();
            runtime = runtime.withApiAccess(access);
            functions = new Functions(db, new Functions.Options(runtime, config.asyncRetryDelays(), 75L << 30));
            EngineConfig engineConfig = EngineConfig.defaults(config.clock()).withNode(NodeId.of(config.dataDir()));
            engineConfig = engineConfig.withStandardLimits(engineConfig.standardLimits()
                    .withMaxHistoryEvents(config.maxHistoryEvents()));
            var objects = new ObjectStore(db, config.dataDir().toAbsolutePath(), config.clock());
            // SdkBuckets' client (url-connection-client) holds no threads or pools of its own: nothing to close with us
            Buckets buckets = config.s3Endpoint().<Buckets>map(e -> SdkBuckets.connect(e.url(), e.region(), true,
                    e.credentials())).orElseGet(() -> new StoreBuckets(objects));
            engine = Engine.open(engineConfig, db, new FunctionsLambda(functions), buckets);
            return start(config, folder, db, functions, engine, objects, buckets, meters, access);
        } catch (RuntimeException e) {
            if (engine != null) engine.close();
            if (functions != null) functions.close();
            if (db != null) db.close();
            folder.close();
            throw e;
        }
    }

    private static StepwiseServer start(ServerConfig config, DataFolder folder, Database db, Functions functions,
                                        Engine engine, ObjectStore objects, Buckets buckets,
                                        PrometheusMeterRegistry meters, FunctionApiAccess access) {
        Javalin app = Javalin.create(cfg -> {
            cfg.useVirtualThreads = true;
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.http.defaultContentType = "application/json";
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
        });
        AwsErrors.install(app);
        var auth = new Authenticator(config.auth(), config.clock(), access);
        auth.install(app);
        new FunctionsApi(functions.registry(), auth).routes(app);
        new InvokeApi(functions).routes(app);
        new VersionsApi(functions.registry()).routes(app);
        new LayersApi(functions.registry().layers(), auth).routes(app);
        new TagsApi(functions.registry()).routes(app);
        new EventInvokeConfigApi(functions.registry(), functions.eventInvokeConfigs()).routes(app);
        new StepwiseApi(functions, engine, meters).routes(app);
        new StepFunctionsApi(engine).routes(app);
        new PowerTuningPage().routes(app);
        new ConsoleRoutes().routes(app);
        new S3Api(objects).routes(app); // last: see S3Api
        app.start(config.host(), config.port());
        // Without TCP_NODELAY a small response waits for the client's delayed ACK (~40 ms per warm invoke).
        for (Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector sc) sc.setAcceptedTcpNoDelay(true);
        }
        var server = new StepwiseServer(config, folder, db, functions, engine, app);
        engine.builtInTasks(new PowerTuningTasks(new PowerTuning(new FunctionsTarget(functions, buckets),
                Prices.load(), () -> server.endpoint() + PowerTuningPage.CONSOLE)));
        access.bind(app, server::endpoint);
        if (functions.newStore() && config.deployExample()) {
            try {
                ExampleFunction.deploy(functions.registry());
            } catch (RuntimeException e) {
                app.stop(); // the caller closes the rest
                throw e;
            }
        }
        log.info("Stepwise listening on {} (data: {}; store: {}; environments: {} MB memory budget, stopped after {} s idle)",
                server.endpoint(), config.dataDir().toAbsolutePath(), store(config), config.memoryBudgetMb(),
                config.idleTimeout().toSeconds());
        config.s3Endpoint().ifPresent(e -> log.info("Distributed Maps read and write buckets at {} (region {}), not in "
                + "this server's own S3 API", e.url(), e.region()));
        switch (config.auth()) {
            case Auth.SigV4 s -> log.info("Requests must be signed (AWS Signature V4) with one of {} access key(s): {}",
                    s.keys().ids().size(), String.join(", ", s.keys().ids()));
            case Auth.Open o -> {
                if (!ServerConfig.loopback(config.host())) {
                    log.warn("listening on {} WITHOUT AUTHENTICATION (auth none): request signatures are not checked, so "
                            + "anyone who can reach this port can deploy and run code", config.host());
                }
            }
        }
        return server;
    }

    private static String store(ServerConfig config) {
        return switch (config.database()) {
            case StoreConfig.Embedded e -> "SQLite " + e.dataDir().toAbsolutePath().resolve("stepwise.db");
            case StoreConfig.Postgres p -> "PostgreSQL " + p; // its toString hides the password
        };
    }

    public int port() {
        return app.port();
    }

    public String endpoint() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port();
    }

    public Functions functions() {
        return functions;
    }

    public Engine engine() {
        return engine;
    }

    /**
     * Stops accepting requests, then the engine (what it queued is committed), every execution environment, the store,
     * and frees the data folder.
     */
    @Override
    public void close() {
        app.stop();
        engine.close();
        functions.close();
        db.close();
        folder.close();
    }
}
