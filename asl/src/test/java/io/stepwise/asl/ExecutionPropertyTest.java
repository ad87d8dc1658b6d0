package io.stepwise.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Random inputs through random generated machines: {@link LocalExecution#run} never throws, always ends Succeeded,
 * Failed or Invalid, a run ends with a terminal event within the 25,000-event history limit (loops included), and
 * running again with the same options gives the same result and history.
 */
class ExecutionPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TERMINAL = Set.of("ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted");

    @Test
    void random_machines_on_random_inputs_end_in_a_result_and_never_throw() {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random random = new Random(20261124);
            int succeeded = 0, failed = 0, invalid = 0;
            for (int i = 0; i < 3000; i++) {
                RandomMachines gen = new RandomMachines(random);
                String definition = JSON.writeValueAsString(gen.machine(2 + random.nextInt(6), "S", 0));
                String input = JSON.writeValueAsString(gen.input());
                String mocks = JSON.writeValueAsString(gen.mockConfig());
                var config = new GoldenRun.Config(Optional.of(mocks), Optional.of("default"), GoldenRun.START, "golden-exec", "golden");
                LocalExecution.Result r;
                try {
                    r = GoldenRun.run(definition, input, config);
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("run " + i + " threw on " + definition + " with " + input, e);
                }
                if (i % 10 == 0) {
                    // Same options, same run: output, error and the whole history (types, times, details).
                    LocalExecution.Result again = GoldenRun.run(definition, input, config);
                    assertThat(GoldenRun.describe(again)).as(definition).isEqualTo(GoldenRun.describe(r));
                    assertThat(GoldenRun.history(again)).as(definition).isEqualTo(GoldenRun.history(r));
                }
                switch (r) {
                    case LocalExecution.Succeeded s -> { succeeded++; assertEnds(s.history(), definition); }
                    case LocalExecution.Failed f -> {
                        failed++;
                        assertThat(f.error()).as(definition).isNotBlank();
                        assertEnds(f.history(), definition);
                    }
                    case LocalExecution.Invalid v -> {
                        invalid++;
                        assertThat(v.findings()).as(definition).isNotEmpty();
                    }
                }
            }
            // The generator must exercise real runs to the end, not only rejected definitions.
            assertThat(succeeded).as("succeeded %d, failed %d, invalid %d", succeeded, failed, invalid).isGreaterThan(200);
            assertThat(failed).isGreaterThan(200);
            assertThat(succeeded + failed).isGreaterThan(invalid);
        });
    }

    private static void assertEnds(java.util.List<HistoryEvent> history, String definition) {
        assertThat(history).as(definition).isNotEmpty().hasSizeLessThanOrEqualTo(25_000);
        assertThat(history.get(history.size() - 1).type()).as(definition).isIn(TERMINAL);
    }
}
