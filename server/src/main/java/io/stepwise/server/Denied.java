package io.stepwise.server;

import io.stepwise.functions.LambdaError;
import java.time.Instant;

/**
 * Refusals of the authentication check, named and worded as AWS words them for Lambda. All are 403: Lambda answers
 * {@code MissingAuthenticationTokenException}, {@code UnrecognizedClientException} and
 * {@code InvalidSignatureException} (expired or mismatched) with 403, and so do we for an incomplete signature.
 */
final class Denied {
    private Denied() {}

    static LambdaError missingToken() {
        return new LambdaError("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
    }

    static LambdaError incomplete(String message) {
        return new LambdaError("IncompleteSignatureException", 403, message);
    }

    static LambdaError unrecognizedClient() {
        return new LambdaError("UnrecognizedClientException", 403, "The security token included in the request is invalid.");
    }

    static LambdaError signatureMismatch() {
        return invalid("The request signature we calculated does not match the signature you provided. Check your AWS "
                + "Secret Access Key and signing method. Consult the service documentation for details.");
    }

    static LambdaError expired(Instant signed, Instant now, long windowMinutes) {
        return invalid("Signature expired: " + SigV4.AMZ_DATE.format(signed) + " is now earlier than "
                + SigV4.AMZ_DATE.format(now.minusSeconds(windowMinutes * 60)) + " (" + SigV4.AMZ_DATE.format(now) + " - "
                + windowMinutes + " min.)");
    }

    static LambdaError notYetCurrent(Instant signed, Instant now, long windowMinutes) {
        return invalid("Signature not yet current: " + SigV4.AMZ_DATE.format(signed) + " is still later than "
                + SigV4.AMZ_DATE.format(now.plusSeconds(windowMinutes * 60)) + " (" + SigV4.AMZ_DATE.format(now) + " + "
                + windowMinutes + " min.)");
    }

    static LambdaError invalid(String message) {
        return new LambdaError("InvalidSignatureException", 403, message);
    }
}
