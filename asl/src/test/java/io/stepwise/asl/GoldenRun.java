package io.stepwise.asl;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Calls {@link LocalExecution} for the golden and property tests with a fixed start time, seed and names. */
final class GoldenRun {
    static final Instant START = Instant.parse("2024-01-02T03:04:05.678Z");
    static final long SEED = 42;

    private GoldenRun() {}

    record Config(Optional<String> mockConfig, Optional<String> testCase, Instant start, String executionName, String stateMachineName) {
        static Config defaults() {
            return new Config(Optional.empty(), Optional.empty(), START, "golden-exec", "golden");
        }
    }

    static LocalExecution.Result run(String definition, String input, Config config) {
        LocalExecution.Options o = LocalExecution.Options.defaults().withStartTime(config.start()).withRandomSeed(SEED)
                .withExecutionName(config.executionName()).withStateMachineName(config.stateMachineName());
        if (config.mockConfig().isPresent()) o = o.withMockConfig(config.mockConfig().get(), config.testCase().orElse(null));
        return LocalExecution.run(definition, input, o);
    }

    static List<HistoryEvent> history(LocalExecution.Result r) {
        return switch (r) {
            case LocalExecution.Succeeded s -> s.history();
            case LocalExecution.Failed f -> f.history();
            case LocalExecution.Invalid i -> List.of();
        };
    }

    static String describe(LocalExecution.Result r) {
        return switch (r) {
            case LocalExecution.Succeeded s -> "Succeeded " + s.output();
            case LocalExecution.Failed f -> "Failed " + f.error() + ": " + f.cause();
            case LocalExecution.Invalid i -> "Invalid " + i.findings();
        };
    }
}
