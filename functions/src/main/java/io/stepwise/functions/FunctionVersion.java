package io.stepwise.functions;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * One version of a function: {@code $LATEST} (mutable) or a published number (an immutable snapshot of the config
 * and the code's digest). {@code reservedConcurrency} belongs to the function and is the same on every version.
 */
public record FunctionVersion(String functionName, String version, FunctionConfig config, PackageStore.Code code,
                              String revisionId, Instant lastModified, OptionalInt reservedConcurrency) {
    public static final String LATEST = "$LATEST";

    public boolean latest() {
        return LATEST.equals(version);
    }
}
