package io.stepwise.functions;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * How function code reaches the server's own API, as a Lambda function reaches AWS with its execution role. Design
 * note: every environment gets temporary credentials of its own ({@code AWS_ACCESS_KEY_ID},
 * {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}), valid while it lives, and the endpoint that
 * {@link #open} returns in {@code AWS_ENDPOINT_URL}, so that boto3 and the AWS SDKs inside a function work without
 * configuration. The server implements this port: it listens for the environment at the address it is given and checks
 * every call that arrives there with SigV4 against these credentials.
 */
public interface ApiAccess {
    /** The port an environment with a network of its own reaches the API on, at the host end of its link. */
    int PORT = 9002;

    /** No API for functions: they get credentials (as on Lambda) that nothing accepts, and no endpoint. */
    ApiAccess NONE = new ApiAccess() {
        @Override
        public Optional<String> open(String envId, Optional<String> hostAddress, Credentials credentials) {
            return Optional.empty();
        }

        @Override
        public void close(String envId) {}
    };

    /**
     * An environment starts. {@code hostAddress}: the host end of its own network, where it can reach the host (empty
     * when it shares the host's network). Returns the endpoint URL its code is given, if any.
     */
    Optional<String> open(String envId, Optional<String> hostAddress, Credentials credentials);

    /** The environment stopped: its credentials and its endpoint are gone. */
    void close(String envId);

    /** An environment's temporary credentials, shaped as STS's: {@code ASIA...} key id, 40-character secret, a token. */
    record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        private static final SecureRandom RANDOM = new SecureRandom();
        private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        private static final String SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        public static Credentials random() {
            byte[] token = new byte[96];
            RANDOM.nextBytes(token);
            return new Credentials("ASIA" + draw(UPPER, 16), draw(SECRET, 40), java.util.Base64.getEncoder().encodeToString(token));
        }

        private static String draw(String alphabet, int n) {
            StringBuilder s = new StringBuilder(n);
            for (int i = 0; i < n; i++) s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
            return s.toString();
        }

        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + "]";   // never the secret, in a log or an assertion message
        }
    }
}
