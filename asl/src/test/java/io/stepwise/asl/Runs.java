package io.stepwise.asl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Test helpers for whole executions: fixed start time and seed, single-quoted JSON, event-type lists. */
final class Runs {
    static final Instant START = Instant.parse("2026-01-02T03:04:05.678Z");
    static final LocalExecution.Options OPTIONS = LocalExecution.Options.defaults().withStartTime(START)
            .withRandomSeed(42).withExecutionName("exec-1").withStateMachineName("Machine");

    private Runs() {}

    static String q(String singleQuoted) { return singleQuoted.replace('\'', '"'); }

    static LocalExecution.Result run(String definition, String input) {
        return LocalExecution.run(q(definition), q(input), OPTIONS);
    }

    static LocalExecution.Result run(String definition, String input, String mocks, String testCase) {
        return LocalExecution.run(q(definition), q(input), OPTIONS.withMockConfig(q(mocks), testCase));
    }

    static JsonNode output(LocalExecution.Result r) {
        assertThat(r).isInstanceOf(LocalExecution.Succeeded.class);
        return ((LocalExecution.Succeeded) r).output();
    }

    static LocalExecution.Failed failed(LocalExecution.Result r) {
        assertThat(r).isInstanceOf(LocalExecution.Failed.class);
        return (LocalExecution.Failed) r;
    }

    static List<HistoryEvent> history(LocalExecution.Result r) {
        return switch (r) {
            case LocalExecution.Succeeded s -> s.history();
            case LocalExecution.Failed f -> f.history();
            case LocalExecution.Invalid i -> throw new AssertionError("invalid: " + i.findings());
        };
    }

    static List<String> types(LocalExecution.Result r) {
        return history(r).stream().map(HistoryEvent::type).toList();
    }
}
