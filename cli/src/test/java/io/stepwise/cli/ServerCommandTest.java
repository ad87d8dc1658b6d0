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
        assertThat(out.toString()).contains("--port").contains("--host").contains("--data").contains("--no-example");
    }
}
