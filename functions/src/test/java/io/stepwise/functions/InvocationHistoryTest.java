package io.stepwise.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InvocationHistoryTest extends OnBothStores {
    private static final Instant START = Instant.parse("2026-02-03T04:05:06.789Z");
    InvocationHistory history;

    @BeforeEach
    void open() {
        history = new InvocationHistory(db);
    }

    @AfterEach
    void close() {
        history.close();
    }

    @Test
    void records_read_back_newest_first_with_every_number_exact() {
        var cold = entry("fn", "r1", new Metering(12.345678901234, 13, 128, 41, OptionalDouble.of(123.456789012345), true,
                0.0001666666666667), Optional.empty());
        var warm = entry("fn", "r2", new Metering(0.5, 1, 10_240, 9_999, OptionalDouble.empty(), false, 1.0E-7),
                Optional.of("Sandbox.Timedout"));
        history.add(cold);
        history.add(warm);
        assertThat(history.recent("fn", 10)).containsExactly(warm, cold);
        assertThat(history.recent("fn", 1)).containsExactly(warm);
        assertThat(history.recent("other", 10)).isEmpty();
    }

    @Test
    void only_the_newest_records_of_each_function_are_kept() {
        var m = new Metering(1, 1, 128, 10, OptionalDouble.empty(), false, 1);
        for (int i = 0; i < InvocationHistory.KEEP + 5; i++) history.add(entry("busy", "r" + i, m, Optional.empty()));
        history.add(entry("quiet", "q", m, Optional.empty()));
        history.flush();
        var kept = history.recent("busy", InvocationHistory.KEEP + 100);
        assertThat(kept).hasSize(InvocationHistory.KEEP);
        assertThat(kept.getFirst().requestId()).isEqualTo("r" + (InvocationHistory.KEEP + 4));
        assertThat(kept.getLast().requestId()).isEqualTo("r5");
        assertThat(history.recent("quiet", 10)).hasSize(1);
    }

    private static InvocationEntry entry(String function, String requestId, Metering m, Optional<String> error) {
        return new InvocationEntry(function, requestId, "$LATEST", START, m, error, "RequestResponse");
    }
}
