package io.stepwise.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The prices the tuner costs invocations with, from the data file {@code prices.json} (a price table is data): the
 * price of 1 ms at 128 MB per architecture, of one request, and of one state transition.
 */
public record Prices(double baseCostX86, double baseCostArm64, double perRequest, double perTransition) {

    public static Prices load() {
        try (InputStream in = Prices.class.getResourceAsStream("prices.json")) {
            if (in == null) throw new IllegalStateException("io/stepwise/tuning/prices.json is missing");
            JsonNode p = new ObjectMapper().readTree(in);
            return new Prices(number(p, "/baseCostPerMsAt128Mb/x86_64"), number(p, "/baseCostPerMsAt128Mb/arm64"),
                    number(p, "/perRequest"), number(p, "/stepFunctionsPerTransition"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double number(JsonNode prices, String pointer) {
        JsonNode n = prices.at(pointer);
        if (!n.isNumber()) throw new IllegalStateException("prices.json has no number at " + pointer);
        return n.doubleValue();
    }

    /** The price of 1 ms at 128 MB on this architecture ({@code x86_64} or {@code arm64}). */
    public double baseCost(String architecture) {
        return "arm64".equals(architecture) ? baseCostArm64 : baseCostX86;
    }

    /** The original's price of one invocation: ceil(billed ms) x base cost x memory / 128 (no request price). */
    public double invocation(String architecture, int memoryMb, double billedMs) {
        return Math.ceil(billedMs) * baseCost(architecture) * memoryMb / 128.0;
    }
}
