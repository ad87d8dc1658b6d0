package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                .contains("--memory-budget").contains("--idle-timeout");
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
    void the_default_memory_budget_is_three_quarters_of_the_machine() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        var command = new ServerCommand();
        new picocli.CommandLine(command).parseArgs();

        assertThat((long) command.config().memoryBudgetMb()).isEqualTo(Math.max(1024, os.getTotalMemorySize() / 4 * 3 >> 20));
    }

    @Test
    void a_memory_budget_below_one_small_function_is_a_usage_error_with_exit_code_2() {
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err)).setOut(new PrintWriter(new StringWriter()))
                .execute("server", "--memory-budget", "64", "--data", dir.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--memory-budget must be at least 128 (MB), got 64");
    }
}
