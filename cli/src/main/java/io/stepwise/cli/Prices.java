package io.stepwise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * AWS list prices from the data file {@code prices.json} (DESIGN §4: a price table is data, not code): Lambda per GB-s
 * by architecture and per request, Step Functions standard per state transition.
 */
record Prices(String region, String asOf, double perGbSecondX86, double perGbSecondArm, double perMillionRequests,
              double perThousandTransitions) {

    static Prices load() {
        try (InputStream in = Prices.class.getResourceAsStream("/prices.json")) {
            if (in == null) throw new IllegalStateException("prices.json is missing from the classpath");
            JsonNode p = Json.MAPPER.readTree(in);
            return new Prices(p.path("region").asText(), p.path("asOf").asText(),
                    number(p, "/lambda/perGbSecond/x86_64"), number(p, "/lambda/perGbSecond/arm64"),
                    number(p, "/lambda/perMillionRequests"), number(p, "/stepFunctions/standardPerThousandTransitions"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double number(JsonNode prices, String pointer) {
        JsonNode n = prices.at(pointer);
        if (!n.isNumber()) throw new IllegalStateException("prices.json has no number at " + pointer);
        return n.doubleValue();
    }

    double perGbSecond(String architecture) {
        return architecture.equals("arm64") ? perGbSecondArm : perGbSecondX86;
    }
}
