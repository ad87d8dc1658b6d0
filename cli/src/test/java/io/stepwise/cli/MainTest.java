package io.stepwise.cli;

import static io.stepwise.cli.Cli.stepwise;
import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.cli.Cli.Run;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void stepwise_alone_prints_the_usage_and_exits_2() { // issue 13
        Run alone = stepwise();
        assertThat(alone.code()).isEqualTo(2);
        assertThat(alone.err()).contains("Usage: stepwise", "functions", "workflows");
        assertThat(alone.out()).isEmpty();
    }

    @Test
    void stepwise_help_prints_the_usage_and_exits_0() {
        Run help = stepwise("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: stepwise", "functions", "workflows");
    }
}
