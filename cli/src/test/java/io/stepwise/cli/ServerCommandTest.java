package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.server.AccessKeys;
import io.stepwise.server.Auth;
import io.stepwise.server.ServerConfig;
import io.stepwise.server.StepwiseServer;
import io.stepwise.store.StoreConfig;
import java.nio.file.Files;
import java.util.Map;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class ServerCommandTest {
    @TempDir Path dir;

    @Test
    void a_taken_port_is_a_clear_error_and_exit_code_1() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StringWriter err = new StringWriter();
            int code = Main.commandLine().setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()))
                    .execute("server", "--port", Integer.toString(taken.getLocalPort()), "--data", dir.toString(), "--no-example");
            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("stepwise: cannot start the server on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void help_lists_the_options() {
        StringWriter out = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).execute("server", "--help");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("--port").contains("--host").contains("--data").contains("--no-example")
                .contains("--memory-budget").contains("--idle-timeout").contains("--auth").contains("--credentials")
                .contains("--database").contains("--s3-endpoint").contains("--s3-region");
    }

    /** The command as Main builds it, with no STEPWISE_* variables whatever the machine has. */
    private static picocli.CommandLine command(ServerCommand command, StringWriter err) {
        command.env = java.util.Map.of();
        return new picocli.CommandLine(command).setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()));
    }

    private static ServerCommand parsed(java.util.Map<String, String> env, String... args) {
        var command = new ServerCommand();
        new picocli.CommandLine(command).parseArgs(args);
        command.env = env;
        return command;
    }

    @Test
    void functions_run_unconfined_only_when_unsafe_no_sandbox_is_given() {
        assertThat(parsed(Map.of()).config().unsafeNoSandbox()).isFalse();
        assertThat(parsed(Map.of(), "--unsafe-no-sandbox").config().unsafeNoSandbox()).isTrue();
    }

    @Test
    void the_store_is_embedded_unless_database_or_its_variable_names_a_postgresql_url() {
        String pg = "jdbc:postgresql://db:5432/stepwise?user=sw";
        String other = "jdbc:postgresql://other/stepwise";
        assertThat(parsed(Map.of(), "--data", dir.toString()).config().database()).isEqualTo(new StoreConfig.Embedded(dir));
        assertThat(parsed(Map.of(), "--data", dir.toString(), "--database", pg).config().database()).isEqualTo(new StoreConfig.Postgres(pg));
        assertThat(parsed(Map.of("STEPWISE_DATABASE", pg), "--data", dir.toString()).config().database())
                .isEqualTo(new StoreConfig.Postgres(pg));
        assertThat(parsed(Map.of("STEPWISE_DATABASE", other), "--database", pg).config().database()).isEqualTo(new StoreConfig.Postgres(pg));
        assertThat(parsed(Map.of("STEPWISE_DATABASE", pg), "--data", dir.toString(), "--database", "embedded").config().database())
                .isEqualTo(new StoreConfig.Embedded(dir));
    }

    @Test
    void a_database_that_is_not_a_postgresql_url_refuses_to_start_with_exit_code_1() {
        StringWriter err = new StringWriter();

        int code = command(new ServerCommand(), err).execute("--database", "mysql://db/stepwise", "--port", "0", "--data", dir.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("stepwise: not starting the server: --database must be 'embedded' (SQLite in the data "
                + "folder, the default) or a PostgreSQL JDBC URL").contains("got 'mysql://db/stepwise'");
    }

    @Test
    void listening_beyond_loopback_without_access_keys_refuses_to_start_with_exit_code_1() {
        StringWriter err = new StringWriter();

        int code = command(new ServerCommand(), err).execute("--host", "0.0.0.0", "--port", "0", "--data", dir.toString(), "--no-example");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("stepwise: not starting the server: --host 0.0.0.0 reaches beyond this machine, "
                + "so requests must be signed, but no access keys are configured: pass --credentials FILE");
    }

    @Test
    void signatures_are_checked_by_default_beyond_loopback_and_with_keys_and_not_otherwise() throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s3cret\n");

        assertThat(parsed(Map.of(), "--data", dir.toString()).config().auth()).isEqualTo(new Auth.Open());
        assertThat(parsed(Map.of(), "--host", "0.0.0.0", "--credentials", file.toString()).config().auth())
                .isEqualTo(new Auth.SigV4(AccessKeys.of("AKIDFILE", "s3cret")));
        assertThat(parsed(Map.of(), "--credentials", file.toString()).config().auth())
                .isEqualTo(new Auth.SigV4(AccessKeys.of("AKIDFILE", "s3cret")));
        assertThat(parsed(Map.of("STEPWISE_ACCESS_KEY_ID", "AKIDENV", "STEPWISE_SECRET_ACCESS_KEY", "e"), "--host", "0.0.0.0")
                .config().auth()).isEqualTo(new Auth.SigV4(AccessKeys.of("AKIDENV", "e")));
        assertThat(parsed(Map.of(), "--host", "0.0.0.0", "--auth", "none").config().auth()).isEqualTo(new Auth.Open());
        assertThat(parsed(Map.of(), "--auth", "none", "--credentials", file.toString()).config().auth()).isEqualTo(new Auth.Open());
    }

    @Test
    void file_and_environment_keys_are_both_accepted() throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "[a]\naws_access_key_id=AKIDA\naws_secret_access_key=sa\n");

        var auth = (Auth.SigV4) parsed(Map.of("STEPWISE_ACCESS_KEY_ID", "AKIDB", "STEPWISE_SECRET_ACCESS_KEY", "sb"),
                "--credentials", file.toString()).config().auth();

        assertThat(auth.keys().secrets()).containsExactlyInAnyOrderEntriesOf(Map.of("AKIDA", "sa", "AKIDB", "sb"));
    }

    @Test
    void unusable_key_settings_are_refused_with_a_reason() {
        assertThatThrownBy(() -> parsed(Map.of(), "--auth", "sigv4").config()).isInstanceOf(ServerCommand.Refused.class)
                .hasMessageContaining("--auth sigv4 checks request signatures, but no access keys are configured");
        assertThatThrownBy(() -> parsed(Map.of(), "--credentials", dir.resolve("absent").toString()).config())
                .hasMessage("no such credentials file: " + dir.resolve("absent"));
        assertThatThrownBy(() -> parsed(Map.of("STEPWISE_ACCESS_KEY_ID", "AKID"), "--host", "0.0.0.0").config())
                .hasMessage("set both STEPWISE_ACCESS_KEY_ID and STEPWISE_SECRET_ACCESS_KEY, or neither");
    }

    @Test
    void an_unreadable_credentials_file_exits_1_naming_the_problem() throws Exception {
        Path file = dir.resolve("half");
        Files.writeString(file, "[x]\naws_access_key_id = AKIDHALF\n");
        StringWriter err = new StringWriter();

        int code = command(new ServerCommand(), err).execute("--credentials", file.toString(), "--data", dir.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("profile [x] needs both aws_access_key_id and aws_secret_access_key");
    }

    @Test
    void memory_budget_and_idle_timeout_reach_the_server_configuration() {
        var command = new ServerCommand();
        new picocli.CommandLine(command).parseArgs("--memory-budget", "2048", "--idle-timeout", "30", "--data", dir.toString());

        var config = command.config();

        assertThat(config.memoryBudgetMb()).isEqualTo(2048);
        assertThat(config.idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(config.dataDir()).isEqualTo(dir);
    }

    @Test
    void the_default_memory_budget_is_three_quarters_of_the_machines_memory_and_at_least_1024_mb() {
        assertThat(ServerConfig.defaultMemoryBudgetMb(16L << 30)).isEqualTo(12_288);
        assertThat(ServerConfig.defaultMemoryBudgetMb(2L << 30)).isEqualTo(1_536);
        assertThat(ServerConfig.defaultMemoryBudgetMb(8_000_000_000L)).as("6,000,000,000 bytes are 5722.04 MB").isEqualTo(5_722);
        assertThat(ServerConfig.defaultMemoryBudgetMb(1L << 30)).as("768 MB is below the floor").isEqualTo(1_024);
    }

    @Test
    void without_memory_budget_the_server_gets_the_default_for_this_machines_memory() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

        assertThat(parsed(Map.of()).config().memoryBudgetMb()).isEqualTo(ServerConfig.defaultMemoryBudgetMb(os.getTotalMemorySize()));
    }

    @Test
    void a_memory_budget_below_one_small_function_is_a_usage_error_with_exit_code_2() {
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()))
                .execute("server", "--memory-budget", "64", "--data", dir.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--memory-budget must be at least 128 (MB), got 64");
    }

    @Test
    void s3_endpoint_reaches_the_configuration_with_its_region_and_the_aws_variables_credentials() {
        var env = Map.of("AWS_ACCESS_KEY_ID", "AKIDS3", "AWS_SECRET_ACCESS_KEY", "s", "AWS_DEFAULT_REGION", "eu-west-1");

        ServerConfig.S3Endpoint s3 = parsed(env, "--s3-endpoint", "http://minio:9000").config().s3Endpoint().orElseThrow();
        ServerConfig.S3Endpoint regional = parsed(Map.of("AWS_REGION", "us-west-2"), "--s3-endpoint", "https://s3.example",
                "--s3-region", "ap-south-1").config().s3Endpoint().orElseThrow();

        assertThat(s3.url()).isEqualTo(java.net.URI.create("http://minio:9000"));
        assertThat(s3.region()).isEqualTo("eu-west-1");
        assertThat(s3.credentials().resolveCredentials().accessKeyId()).isEqualTo("AKIDS3");
        assertThat(regional.region()).isEqualTo("ap-south-1");
        assertThat(parsed(Map.of("AWS_REGION", "us-west-2"), "--s3-endpoint", "http://minio:9000").config().s3Endpoint()
                .orElseThrow().region()).isEqualTo("us-west-2");
        assertThat(parsed(Map.of()).config().s3Endpoint()).isEmpty();
        assertThatThrownBy(() -> parsed(Map.of(), "--s3-endpoint", "minio:9000").config()).isInstanceOf(ServerCommand.Refused.class)
                .hasMessage("--s3-endpoint must be an http:// or https:// URL, got minio:9000");
    }

    @Test
    void with_s3_endpoint_a_distributed_map_reads_and_writes_the_buckets_of_that_endpoint_and_not_its_own() throws Exception {
        StepwiseServer external = StepwiseServer.start(ServerConfig.defaults(dir.resolve("external")).withPort(0).withExample(false));
        Path definition = Files.writeString(dir.resolve("external.json"), """
                {"StartAt": "Users", "States": {"Users": {"Type": "Map",
                  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV",
                    "CSVHeaderLocation": "FIRST_ROW"}, "Parameters": {"Bucket": "users", "Key": "users.csv"}},
                  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "reports", "Prefix": "runs"}},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P",
                    "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}
                """);
        Cli.Run run;
        List<String> ownBuckets;
        try (S3Client s3 = Cli.s3(external.endpoint())) {
            s3.createBucket(b -> b.bucket("users"));
            s3.createBucket(b -> b.bucket("reports"));
            s3.putObject(b -> b.bucket("users").key("users.csv"), RequestBody.fromString("userId\nu0001\nu0002\n"));
            Serving serving = Serving.start(Map.of("AWS_ACCESS_KEY_ID", "x", "AWS_SECRET_ACCESS_KEY", "x"), "--port", "0",
                    "--data", dir.resolve("server").toString(), "--no-example", "--s3-endpoint", external.endpoint())
                    .settled(Duration.ofMinutes(1));
            try (S3Client own = Cli.s3(serving.endpoint())) {
                Cli.stepwiseAt(serving.endpoint(), "workflows", "create", "external", "--definition", definition.toString());
                run = Cli.stepwiseAt(serving.endpoint(), "workflows", "start", "external", "--wait");
                ownBuckets = own.listBuckets().buckets().stream().map(b -> b.name()).toList();
            } finally {
                serving.stop();
            }

            assertThat(run.code()).as(run.err()).isZero();
            var details = Json.parse(run.out()).path("ResultWriterDetails");
            assertThat(details.path("Bucket").asText()).isEqualTo("reports");
            var manifest = Json.parse(s3.getObjectAsBytes(b -> b.bucket("reports").key(details.path("Key").asText())).asUtf8String());
            var succeeded = Json.parse(s3.getObjectAsBytes(b -> b.bucket("reports")
                    .key(manifest.at("/ResultFiles/SUCCEEDED/0/Key").asText())).asUtf8String());
            assertThat(succeeded.findValuesAsText("Output")).extracting(o -> Json.parse(o).path("userId").asText())
                    .containsExactlyInAnyOrder("u0001", "u0002");
            assertThat(ownBuckets).as("the server's own S3 API").isEmpty();
        } finally {
            external.close();
        }
    }

    /** {@code stepwise server ARGS} as Main runs it, in a thread of this JVM, until {@link #stop}. */
    private record Serving(ServerCommand command, Thread thread, StringWriter out, StringWriter err, AtomicInteger code) {
        static Serving start(String... args) {
            return start(Map.of(), args);
        }

        static Serving start(Map<String, String> env, String... args) {
            var command = new ServerCommand();
            command.env = env;
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            var cli = new picocli.CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
            var code = new AtomicInteger(-1);
            Thread thread = Thread.ofPlatform().name("stepwise-server-under-test").start(() -> code.set(cli.execute(args)));
            return new Serving(command, thread, out, err, code);
        }

        /** Waits until the server is ready and the main job, when it runs, has ended. */
        Serving settled(Duration within) throws Exception {
            command.settled.get(within.toSeconds(), TimeUnit.SECONDS);
            return this;
        }

        String endpoint() {
            Matcher m = Pattern.compile("Stepwise is ready at (\\S+)").matcher(out.toString());
            assertThat(m.find()).as(out.toString()).isTrue();
            return m.group(1);
        }

        void stop() throws InterruptedException {
            command.stop.countDown();
            thread.join(60_000);
            assertThat(code.get()).as(err.toString()).isZero();
        }
    }

    private static long figure(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertThat(m.find()).as("/" + regex + "/ in:\n" + out).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    private static double dollars(String out, String label) {
        Matcher m = Pattern.compile("(?m)^\\s+" + label + "\\s.*\\$(\\d+\\.\\d{6})$").matcher(out);
        assertThat(m.find()).as(label + " in:\n" + out).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void on_a_new_data_folder_the_main_job_runs_weekly_report_once_with_progress_and_a_summary_priced_as_on_aws() throws Exception {
        Serving first = Serving.start("--port", "0", "--data", dir.toString()).settled(Duration.ofMinutes(8));
        String out = first.out().toString();
        first.stop();
        Serving again = Serving.start("--port", "0", "--data", dir.toString()).settled(Duration.ofMinutes(1));
        String restarted = again.out().toString();
        again.stop();

        assertThat(out).contains("Main job: the weekly report of each of 1,000 users (examples/weekly-report)");
        List<String> progress = out.lines().filter(l -> l.startsWith("weekly-report: ")).toList();
        assertThat(progress).isNotEmpty();
        assertThat(progress.getLast()).startsWith("weekly-report: 1,000/1,000 items, 0 running, ");
        long users = figure(out, "weekly-report SUCCEEDED: ([\\d,]+) users");
        long built = figure(out, " ([\\d,]+) reports built");
        long failed = figure(out, "in all\\), ([\\d,]+) failed");
        assertThat(users).isEqualTo(1000);
        assertThat(built + failed).isEqualTo(1000);
        assertThat(failed).as("the 9 closed accounts always fail").isGreaterThanOrEqualTo(9);
        long transitions = figure(out, "state transitions\\s+([\\d,]+)");
        long entered = figure(out, "([\\d,]+) states entered");
        long retries = figure(out, "states entered \\+ ([\\d,]+) retries");
        assertThat(transitions).isEqualTo(entered + retries);
        assertThat(entered).as("every user's BuildReport, the Map and Summarize").isGreaterThanOrEqualTo(users + 2);
        long invocations = figure(out, "Lambda invocations\\s+([\\d,]+)");
        long cold = figure(out, "([\\d,]+) cold starts");
        assertThat(invocations).isGreaterThanOrEqualTo(users);
        assertThat(cold).isBetween(1L, invocations);
        Matcher gbs = Pattern.compile("function GB-seconds\\s+(\\d+\\.\\d{3})").matcher(out);
        assertThat(gbs.find()).isTrue();
        double gbSeconds = Double.parseDouble(gbs.group(1));
        assertThat(gbSeconds).isPositive();
        double compute = dollars(out, "Lambda compute");
        double requests = dollars(out, "Lambda requests");
        double workflow = dollars(out, "Standard workflow");
        // us-east-1 list prices (https://aws.amazon.com/lambda/pricing/, step-functions/pricing/): x86 per GB-s, per request, per transition
        assertThat(compute).isCloseTo(gbSeconds * 0.0000166667, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(requests).isCloseTo(invocations * 0.20 / 1e6, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(workflow).isCloseTo(transitions * 0.025 / 1e3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(dollars(out, "total")).isPositive().isCloseTo(compute + requests + workflow, org.assertj.core.data.Offset.offset(2e-6));
        long wall = figure(out, "wall time\\s+(\\d+)\\.\\d s");
        long execution = figure(out, "execution (\\d+)\\.\\d s");
        assertThat(wall).isGreaterThanOrEqualTo(execution);
        assertThat(out.indexOf("Requests are not authenticated")).as("the hints follow the summary")
                .isGreaterThan(out.indexOf("state transitions"));
        assertThat(out).containsPattern("Console: http://127\\.0\\.0\\.1:\\d+/console/ ");

        assertThat(restarted).contains("Stepwise is ready at").doesNotContain("Main job").doesNotContain("weekly-report SUCCEEDED");
    }

    @Test
    void no_example_deploys_neither_the_hello_function_nor_the_main_job() throws Exception {
        Serving serving = Serving.start("--port", "0", "--data", dir.toString(), "--no-example").settled(Duration.ofMinutes(1));
        String endpoint = serving.endpoint();
        Cli.Run functions = Cli.stepwise("functions", "list", "--endpoint", endpoint);
        Cli.Run workflows = Cli.stepwise("workflows", "list", "--endpoint", endpoint);
        serving.stop();

        assertThat(serving.out().toString()).doesNotContain("Main job");
        assertThat(functions.code()).as(functions.err()).isZero();
        assertThat(functions.out().lines()).hasSize(1); // the header alone
        assertThat(workflows.out().lines()).hasSize(1);
    }
}
