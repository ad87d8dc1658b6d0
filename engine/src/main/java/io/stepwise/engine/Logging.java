package io.stepwise.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A LoggingConfiguration as AWS checks and echoes it: level OFF by default, includeExecutionData false by default, and
 * exactly one destination unless the level is OFF. Stepwise stores it and shows it back; it writes no CloudWatch logs.
 */
final class Logging {
    private Logging() {}

    static Optional<String> check(Optional<String> json) {
        if (json.isEmpty()) return Optional.empty();
        JsonNode given = Json.read(json.get());
        if (!given.isObject()) throw invalid("Must be an object.");
        ObjectNode out = Json.MAPPER.createObjectNode();
        if (given.has("destinations")) out.set("destinations", given.get("destinations"));
        out.put("includeExecutionData", given.path("includeExecutionData").asBoolean(false));
        String level = given.path("level").asText("OFF");
        if (!level.matches("ALL|ERROR|FATAL|OFF")) {
            throw StepFunctionsError.validation("1 validation error detected: Value '" + level + "' at "
                    + "'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[ALL, ERROR, FATAL, OFF]");
        }
        out.put("level", level);
        int destinations = given.path("destinations").size();
        if (!level.equals("OFF") && destinations != 1 || destinations > 1) {
            throw invalid("Must specify exactly one Log Destination.");
        }
        return Optional.of(out.toString());
    }

    private static StepFunctionsError invalid(String why) {
        return StepFunctionsError.of("InvalidLoggingConfiguration", "Invalid Logging Configuration: " + why);
    }
}
