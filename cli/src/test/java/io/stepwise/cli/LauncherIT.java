package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

/**
 * What a user types, not picocli inside this JVM: the {@code ./stepwise} launcher (which finds a JDK >= 21 by itself
 * while the {@code java} on PATH is older and JAVA_HOME is unset) running the packaged jar and its {@code lib/}.
 * Runs in Maven's integration-test phase, after {@code package}.
 */
class LauncherIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @TempDir Path tmp;

    @Test
    void the_launcher_finds_a_jdk_by_itself_and_prints_the_usage_of_the_packaged_cli() throws Exception {
        Run r = run(List.of("./stepwise", "--help"));

        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).startsWith("Usage: stepwise [-hV] [COMMAND]")
                .contains("  run ", "  server ", "  functions ", "  workflows ", "  logs ");
        assertThat(r.err).as("the jar mvn package built is current: no rebuild").doesNotContain("building");
    }

    @Test
    void the_launcher_runs_a_workflow_and_exits_with_its_outcome() throws Exception {
        List<String> hello = List.of("./stepwise", "run", "examples/hello/definition.json",
                "--input", "@examples/hello/input.json", "--mock-config", "examples/hello/mock-config.json", "--test-case");

        Run ok = run(concat(hello, "HappyPath"));
        Run failed = run(concat(hello, "GreetFails"));

        assertThat(ok.exit).as(ok.err).isZero();
        assertThat(ok.out.strip()).isEqualTo("""
                {"users":["Ada","Grace","Linus"],"greetings":[{"greeting":"Hello, Ada!"},{"greeting":"Hello, Grace!"},\
                {"greeting":"Hello, Linus!"}],"summary":{"count":3,"notified":true}}""");
        assertThat(failed.exit).isEqualTo(1);
        assertThat(failed.out.strip()).isEqualTo("""
                {"error":"Lambda.ServiceException","cause":"{\\"errorMessage\\": \\"greet is broken\\"}"}""");
    }

    @Test
    void the_server_runs_the_main_job_on_a_new_data_folder_serves_the_apis_and_stops_on_sigterm() throws Exception {
        int port = freePort();
        Path data = tmp.resolve("data");
        Process server = start(List.of("./stepwise", "server", "--data", data.toString(), "--port", Integer.toString(port)));
        Lines out = new Lines(server.getInputStream()), err = new Lines(server.getErrorStream());
        try {
            String done = out.await(l -> l.startsWith("weekly-report SUCCEEDED") || l.startsWith("weekly-report FAILED"), 300);
            assertThat(done).startsWith("weekly-report SUCCEEDED: 1,000 users, 991 reports built").contains("9 failed (u0009,");

            try (SfnClient sfn = sfn(port)) {
                List<String> machines = sfn.listStateMachines().stateMachines().stream().map(StateMachineListItem::name).toList();
                assertThat(machines).contains("weekly-report");
                String arn = sfn.listStateMachines().stateMachines().stream()
                        .filter(m -> m.name().equals("weekly-report")).findFirst().orElseThrow().stateMachineArn();
                List<ExecutionListItem> runs = sfn.listExecutions(b -> b.stateMachineArn(arn)).executions();
                assertThat(runs).extracting(e -> e.name() + " " + e.statusAsString()).containsExactly("main-job SUCCEEDED");
            }
        } finally {
            server.toHandle().destroy(); // SIGTERM (Process.destroy would also close the pipes we read)
        }
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
        assertThat(err.seen()).as("exit %d", server.exitValue()).contains("stepwise: shutting down (stopping execution environments)");

        // the same data folder again: the store kept everything, and the main job does not run a second time
        Process again = start(List.of("./stepwise", "server", "--data", data.toString(), "--port", Integer.toString(port)));
        Lines out2 = new Lines(again.getInputStream());
        new Lines(again.getErrorStream());
        try {
            out2.await(l -> l.startsWith("Stepwise is ready at http://127.0.0.1:" + port), 120);
            try (SfnClient sfn = sfn(port)) {
                String arn = sfn.listStateMachines().stateMachines().get(0).stateMachineArn();
                assertThat(sfn.listExecutions(b -> b.stateMachineArn(arn)).executions()).hasSize(1);
            }
        } finally {
            again.toHandle().destroy();
            assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(out2.seen()).noneMatch(l -> l.startsWith("Main job"));
    }

    @Test
    void the_launcher_keeps_a_class_data_archive_beside_the_jar_and_prints_nothing_of_it() throws Exception {
        Path archive;
        try (var files = Files.list(ROOT.resolve("cli/target"))) {
            for (Path a : files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList()) Files.delete(a);
        }

        Run first = run(List.of("./stepwise", "--version"));
        try (var files = Files.list(ROOT.resolve("cli/target"))) {
            archive = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).findFirst().orElse(null);
        }
        Run second = run(List.of("./stepwise", "--version"));

        assertThat(archive).as("an archive in cli/target").isNotNull();
        assertThat(Files.size(archive)).isPositive();
        assertThat(first.exit).isZero();
        assertThat(first.out).isEqualTo("stepwise 0.1.0\n");
        assertThat(first.err).isEqualTo("\n"); // Run.all() of no lines
        assertThat(second.out).isEqualTo("stepwise 0.1.0\n");
        assertThat(second.err).isEqualTo("\n");
    }

    /**
     * A first build in a small project of the same shape (a parent pom and modules named "Stepwise ...", the CLI's jar
     * at cli/target/stepwise.jar), with the real launcher and scripts/jdk.sh copied in: one line per module on
     * stderr, no escape codes, and on failure the end of Maven's log.
     */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void the_first_build_shows_one_line_per_module_without_escape_codes_and_a_failed_one_the_end_of_its_log() throws Exception {
        Path project = tmp.resolve("project");
        Files.createDirectories(project.resolve("scripts"));
        Files.copy(ROOT.resolve("stepwise"), project.resolve("stepwise"));
        Files.copy(ROOT.resolve("scripts/jdk.sh"), project.resolve("scripts/jdk.sh"));
        String plugins = "<build><pluginManagement><plugins>"
                + plugin("maven-compiler-plugin", "3.14.0") + plugin("maven-resources-plugin", "3.3.1")
                + plugin("maven-surefire-plugin", "3.5.2") + plugin("maven-jar-plugin", "3.4.2")
                + "</plugins></pluginManagement></build>";
        write(project.resolve("pom.xml"), pom("stepwise", "Stepwise", "pom",
                "<modules><module>lib</module><module>cli</module></modules>"
                        + "<properties><maven.compiler.release>21</maven.compiler.release>"
                        + "<project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>" + plugins, false));
        write(project.resolve("lib/pom.xml"), pom("lib", "Stepwise lib", "jar", "", true));
        write(project.resolve("lib/src/main/java/fake/Greeting.java"),
                "package fake;\npublic class Greeting { public static String text() { return \"fake cli\"; } }\n");
        write(project.resolve("cli/pom.xml"), pom("cli", "Stepwise cli", "jar",
                "<dependencies><dependency><groupId>io.stepwise.fake</groupId><artifactId>lib</artifactId><version>1.0</version></dependency></dependencies>"
                        + "<build><finalName>stepwise</finalName><plugins><plugin><artifactId>maven-jar-plugin</artifactId>"
                        + "<configuration><archive><manifest><mainClass>fake.Main</mainClass><addClasspath>true</addClasspath>"
                        + "<classpathPrefix>../../lib/target/</classpathPrefix></manifest></archive></configuration></plugin></plugins></build>", true));
        write(project.resolve("cli/src/main/java/fake/Main.java"),
                "package fake;\npublic class Main { public static void main(String[] a) { System.out.println(Greeting.text()); } }\n");
        project.resolve("stepwise").toFile().setExecutable(true);

        Run built = runIn(project, List.of("./stepwise"));
        Files.writeString(project.resolve("lib/src/main/java/fake/Greeting.java"), "package fake;\npublic class Greeting { broken }\n");
        Run failed = runIn(project, List.of("./stepwise"));

        assertThat(built.exit).as(built.err).isZero();
        assertThat(built.out).isEqualTo("fake cli\n");
        assertThat(built.err.lines().toList()).containsExactly(
                "stepwise: building (first use or sources changed; Maven's log: " + project.resolve("target/stepwise-build.log") + ")",
                "stepwise: building the parent pom (1/3)...", "stepwise: building lib (2/3)...", "stepwise: building cli (3/3)...");
        assertThat(failed.exit).isEqualTo(3);
        assertThat(failed.err).contains("stepwise: building lib (2/3)...", "stepwise: build failed; the end of ",
                "Compilation failure", "Greeting.java").doesNotContain("building cli");
        assertThat(built.err + failed.err + Files.readString(project.resolve("target/stepwise-build.log"))).doesNotContain("\u001b");
    }

    private static String plugin(String artifact, String version) {
        return "<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>" + artifact + "</artifactId><version>" + version
                + "</version></plugin>";
    }

    private static String pom(String artifact, String name, String packaging, String rest, boolean child) {
        return "<project><modelVersion>4.0.0</modelVersion>"
                + (child ? "<parent><groupId>io.stepwise.fake</groupId><artifactId>stepwise</artifactId><version>1.0</version></parent>" : "")
                + "<groupId>io.stepwise.fake</groupId><artifactId>" + artifact + "</artifactId><version>1.0</version>"
                + "<packaging>" + packaging + "</packaging><name>" + name + "</name>" + rest + "</project>";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** The launcher of another project, with this machine's Maven repository (which holds the plugins it needs). */
    private Run runIn(Path project, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile());
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        Process p = pb.start();
        Lines out = new Lines(p.getInputStream()), err = new Lines(p.getErrorStream());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Run(p.exitValue(), out.all(), err.all());
    }

    private static SfnClient sfn(int port) {
        return SfnClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The user's shell as the README assumes it: an older java on PATH, no JAVA_HOME. */
    private Process start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        pb.environment().put("HOME", tmp.toString());
        return pb.start();
    }

    private Run run(List<String> command) throws Exception {
        Process p = start(command);
        Lines out = new Lines(p.getInputStream()), err = new Lines(p.getErrorStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Run(p.exitValue(), out.all(), err.all());
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private record Run(int exit, String out, String err) {}

    /** A process's output, line by line, read on its own thread so that the process never blocks on a full pipe. */
    private static final class Lines {
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();
        private final Thread reader;

        Lines(InputStream in) {
            reader = Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) queue.add(l);
                } catch (IOException ignored) {
                    // the process ended
                }
                queue.add(EOF);
            });
        }

        private static final String EOF = "\u0000EOF";

        /** The first line matching, waiting at most the given seconds; fails with everything seen otherwise. */
        synchronized String await(Predicate<String> wanted, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                String l = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null || l.equals(EOF)) {
                    if (l != null) queue.add(EOF);
                    throw new AssertionError((l == null ? "timed out" : "output ended") + " waiting for a line; seen:\n"
                            + String.join("\n", seen));
                }
                seen.add(l);
                if (wanted.test(l)) return l;
            }
        }

        synchronized List<String> seen() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(10));
            for (String l; (l = queue.poll()) != null; ) if (!l.equals(EOF)) seen.add(l);
            return List.copyOf(seen);
        }

        String all() throws InterruptedException {
            return String.join("\n", seen()) + "\n";
        }
    }
}
