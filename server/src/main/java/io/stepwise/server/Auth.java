package io.stepwise.server;

/**
 * How the AWS API authenticates its callers (DESIGN §8). {@code /health} and {@code /metrics} are always open; with
 * {@link SigV4} every other route needs a valid AWS Signature Version 4 by one of the configured keys.
 */
public sealed interface Auth permits Auth.Open, Auth.SigV4 {
    /** Any request is served, signed or not, whatever its access key: for a server only its own machine can reach. */
    record Open() implements Auth {}

    /** Every request must be signed (Authorization header, or a presigned URL) with one of these keys. */
    record SigV4(AccessKeys keys) implements Auth {
        public SigV4 {
            if (keys.isEmpty()) throw new IllegalArgumentException("SigV4 authentication needs at least one access key");
        }
    }
}
