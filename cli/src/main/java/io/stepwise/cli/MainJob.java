package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * The main job (DESIGN §1, §7): the first {@code stepwise server} on a new data folder deploys the bundled example
 * {@code examples/weekly-report} (the function and the state machine {@code weekly-report}) through the public APIs,
 * as a user would with {@code functions deploy} and {@code workflows create}, runs it once on its {@code input.json}
 * with the progress display of {@code workflows start --wait}, and prints a summary: wall time from the start of the
 * process (cold), state transitions, Lambda invocations, cold starts, GB-seconds, what the run produced, and what the
 * same run would cost on AWS ({@link Prices}).
 */
final class MainJob {
    static final String NAME = "weekly-report";
    static final String EXECUTION = "main-job";
    private static final String DIR = "examples/weekly-report/";
    private static final int MEMORY_MB = 128;

    private final Remote remote;
    private final PrintWriter out;
    private final Instant processStart;
    private final Instant serverReady;

    MainJob(Remote remote, PrintWriter out, Instant processStart, Instant serverReady) {
        this.remote = remote;
        this.out = out;
        this.processStart = processStart;
        this.serverReady = serverReady;
    }

    /** What the run took, from its history and the function's invocation records. */
    record Figures(long statesEntered, long retries, long invocations, long coldStarts, double gbSeconds) {
        /** AWS bills every state entered, and every retry as one more (aws.amazon.com/step-functions/pricing). */
        long transitions() {
            return statesEntered + retries;
        }
    }

    /** Deploys, runs and sums up; true when the execution succeeded. */
    boolean run() throws Exception {
        String definition = resource("definition.json");
        String input = resource("input.json");
        int users = Json.parse(input).path("users").size();
        SdkBytes code = SdkBytes.fromByteArray(zip("function/app.py"));
        try (LambdaClient lambda = remote.lambda(); SfnClient sfn = remote.sfn()) {
            out.println();
            out.printf(Locale.ROOT, "Main job: the weekly report of each of %,d users (examples/weekly-report), 100 at a time "
                    + "(--no-example skips it)%n", users);
            var f = lambda.createFunction(r -> r.functionName(NAME).runtime("python3.12").handler("app.handler")
                    .role(WorkflowSaveCommand.ROLE).memorySize(MEMORY_MB)
                    .description("The main job's function: builds one user's weekly report (examples/weekly-report)")
                    .code(FunctionCode.builder().zipFile(code).build()));
            String machineArn = sfn.createStateMachine(r -> r.name(NAME).definition(definition)
                    .roleArn(WorkflowSaveCommand.ROLE).type(StateMachineType.STANDARD)).stateMachineArn();
            var started = sfn.startExecution(r -> r.stateMachineArn(machineArn).name(EXECUTION).input(input));
            Instant deployed = started.startDate();
            out.println("Deployed the function " + NAME + " (python3.12, " + MEMORY_MB + " MB) and the state machine " + NAME
                    + "; running it as " + NAME + ":" + EXECUTION);
            out.flush();
            DescribeExecutionResponse e = new ExecutionWatch(remote, sfn).watch(started.executionArn(), started.startDate(),
                    ProgressDisplay.on(out, out, NAME), false);
            Instant end = e.stopDate() != null ? e.stopDate() : Instant.now();
            Figures figures = figures(sfn, e);
            String architecture = f.architecturesAsStrings().isEmpty() ? "x86_64" : f.architecturesAsStrings().getFirst();
            print(e, figures, Duration.between(processStart, end), Duration.between(processStart, serverReady),
                    Duration.between(serverReady, deployed), Duration.between(e.startDate(), end), architecture);
            return e.status() == ExecutionStatus.SUCCEEDED;
        }
    }

    private Figures figures(SfnClient sfn, DescribeExecutionResponse e) throws Exception {
        long entered = 0;
        long scheduled = 0;
        long tasksEntered = 0;
        String token = null;
        do {
            String t = token;
            GetExecutionHistoryResponse page = sfn.getExecutionHistory(r -> r.executionArn(e.executionArn())
                    .maxResults(1000).includeExecutionData(false).nextToken(t));
            for (HistoryEvent h : page.events()) {
                String type = h.typeAsString();
                if (type.endsWith("StateEntered")) entered++;
                if (type.equals("TaskStateEntered")) tasksEntered++;
                if (type.equals("TaskScheduled") || type.equals("LambdaFunctionScheduled") || type.equals("ActivityScheduled")) scheduled++;
            }
            token = page.nextToken();
        } while (token != null);
        // the records of this run: every invocation of the function since the execution started
        JsonNode records = Json.parse(remote.get("/stepwise/v1/functions/" + NAME + "/invocations?limit=10000")).path("Invocations");
        long invocations = 0;
        long cold = 0;
        double gbSeconds = 0;
        for (JsonNode r : records) {
            if (Instant.parse(r.path("StartTime").asText()).isBefore(e.startDate())) continue;
            invocations++;
            if (r.path("Cold").asBoolean()) cold++;
            gbSeconds += r.path("GbSeconds").asDouble();
        }
        return new Figures(entered, Math.max(0, scheduled - tasksEntered), invocations, cold, gbSeconds);
    }

    private void print(DescribeExecutionResponse e, Figures f, Duration wall, Duration server, Duration deploy, Duration run,
                       String architecture) {
        out.println();
        JsonNode o = Json.parse(e.output() == null ? "null" : e.output());
        if (e.status() == ExecutionStatus.SUCCEEDED) {
            List<String> failed = new ArrayList<>();
            o.path("failedUsers").forEach(u -> failed.add(u.asText()));
            String shown = String.join(", ", failed.subList(0, Math.min(10, failed.size()))) + (failed.size() > 10 ? ", ..." : "");
            out.printf(Locale.ROOT, "%s SUCCEEDED: %,d users, %,d reports built (%,d transactions, %,.2f in all), %,d failed%s%n",
                    NAME, o.path("users").asLong(), o.path("reportsBuilt").asLong(), o.path("transactions").asLong(),
                    o.path("totalAmount").asDouble(), o.path("failed").asLong(), failed.isEmpty() ? "" : " (" + shown + ")");
        } else {
            out.println(NAME + " " + e.statusAsString() + ": " + e.error() + ": " + e.cause());
        }
        out.println();
        var figures = new Table("wall time", seconds(wall), String.format(Locale.ROOT, "from the process start, cold: server %s, "
                + "deploy %s, execution %s", seconds(server), seconds(deploy), seconds(run)));
        figures.row("state transitions", count(f.transitions()), String.format(Locale.ROOT, "%,d states entered + %,d retries",
                f.statesEntered(), f.retries()));
        figures.row("Lambda invocations", count(f.invocations()), String.format(Locale.ROOT, "%,d cold starts", f.coldStarts()));
        figures.row("function GB-seconds", String.format(Locale.ROOT, "%.3f", f.gbSeconds()),
                MEMORY_MB + " MB " + architecture + ", billed per 1 ms, init included");
        figures.print(out, "  ");

        Prices p = Prices.load();
        double compute = f.gbSeconds() * p.perGbSecond(architecture);
        double requests = f.invocations() * p.perMillionRequests() / 1_000_000;
        double transitions = f.transitions() * p.perThousandTransitions() / 1_000;
        out.println();
        out.println("  The same run on AWS (" + p.region() + " list prices of " + p.asOf() + ", no free tier; prices.json):");
        var cost = new Table("Lambda compute", String.format(Locale.ROOT, "%.3f GB-s x $%s per GB-s", f.gbSeconds(),
                plain(p.perGbSecond(architecture))), dollars(compute));
        cost.row("Lambda requests", String.format(Locale.ROOT, "%,d x $%s per 1M", f.invocations(), plain(p.perMillionRequests())),
                dollars(requests));
        cost.row("Standard workflow", String.format(Locale.ROOT, "%,d transitions x $%s per 1,000", f.transitions(),
                plain(p.perThousandTransitions())), dollars(transitions));
        cost.row("total", "", dollars(compute + requests + transitions));
        cost.print(out, "    ");
        out.println();
        out.flush();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String dollars(double amount) {
        return String.format(Locale.ROOT, "%10s", String.format(Locale.ROOT, "$%.6f", amount));
    }

    private static String plain(double price) {
        return java.math.BigDecimal.valueOf(price).stripTrailingZeros().toPlainString();
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = MainJob.class.getClassLoader().getResourceAsStream(DIR + file)) {
            if (in == null) throw new IOException("missing bundled resource " + DIR + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The function's package: its files at the root of the zip, as {@code functions deploy FOLDER} makes it. */
    private static byte[] zip(String... files) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(bytes)) {
            for (String f : files) {
                zip.putNextEntry(new ZipEntry(f.substring(f.lastIndexOf('/') + 1)));
                zip.write(resource(f).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
