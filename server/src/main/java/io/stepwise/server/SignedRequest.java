package io.stepwise.server;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * What a request says about its own signature: from the {@code Authorization: AWS4-HMAC-SHA256 Credential=...,
 * SignedHeaders=..., Signature=...} header, or from a presigned URL's {@code X-Amz-*} query parameters. Only its
 * shape is checked here (missing or malformed parts are {@code IncompleteSignatureException}); whether it is true is
 * {@link Authenticator}'s business.
 *
 * @param credential the {@code Credential} as sent: {@code keyid/date/region/service/aws4_request}
 * @param amzDate the signing time as written in the string to sign ({@code 20150830T123600Z})
 * @param expiresSeconds a presigned URL's {@code X-Amz-Expires}; empty for the Authorization header
 */
record SignedRequest(String credential, String accessKeyId, SigV4.Scope scope, List<String> signedHeaders, String signature,
                     String amzDate, Instant date, OptionalLong expiresSeconds) {
    private static final long WEEK_SECONDS = 7 * 24 * 3600;

    /** Empty when the request carries no signature at all. */
    static Optional<SignedRequest> parse(Function<String, String> header, Function<String, String> query) {
        String authorization = header.apply("Authorization");
        String algorithm = query.apply("X-Amz-Algorithm");
        if (authorization == null && algorithm == null) return Optional.empty();
        if (authorization != null && algorithm != null) {
            throw Denied.incomplete("Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the "
                    + "Authorization header should be specified");
        }
        return Optional.of(authorization != null ? fromHeader(authorization, header) : presigned(algorithm, query));
    }

    private static SignedRequest fromHeader(String authorization, Function<String, String> header) {
        Map<String, String> parts = new LinkedHashMap<>();
        if (authorization.startsWith(SigV4.ALGORITHM + " ")) {
            for (String part : authorization.substring(SigV4.ALGORITHM.length() + 1).split(",")) {
                String p = part.strip();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    throw Denied.incomplete("'" + p + "' not a valid key=value pair (missing equal-sign) in Authorization "
                            + "header: '" + authorization + "'.");
                }
                parts.put(p.substring(0, eq), p.substring(eq + 1));
            }
        }
        String amzDate = header.apply("X-Amz-Date");
        String httpDate = header.apply("Date");
        List<String> missing = new ArrayList<>();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            if (!parts.containsKey(required)) missing.add("Authorization header requires '" + required + "' parameter.");
        }
        if (amzDate == null && httpDate == null) {
            missing.add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        if (!missing.isEmpty()) throw Denied.incomplete(String.join(" ", missing) + " Authorization=" + authorization);
        String date = amzDate != null ? amzDate : SigV4.AMZ_DATE.format(httpDate(httpDate));
        return of(parts.get("Credential"), parts.get("SignedHeaders"), parts.get("Signature"), date, OptionalLong.empty());
    }

    private static SignedRequest presigned(String algorithm, Function<String, String> query) {
        List<String> names = List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders");
        if (names.stream().anyMatch(n -> query.apply(n) == null)) {
            throw Denied.incomplete("AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', "
                    + "'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.");
        }
        if (!algorithm.equals(SigV4.ALGORITHM)) {
            throw Denied.incomplete("X-Amz-Algorithm only supports \"" + SigV4.ALGORITHM + "\", not \"" + algorithm + "\"");
        }
        String expires = Optional.ofNullable(query.apply("X-Amz-Expires")).orElse("");
        if (!expires.matches("[0-9]{1,7}") || Long.parseLong(expires) < 1 || Long.parseLong(expires) > WEEK_SECONDS) {
            throw Denied.incomplete("X-Amz-Expires must be a number of seconds from 1 to " + WEEK_SECONDS + " (one week), got '"
                    + expires + "'");
        }
        return of(query.apply("X-Amz-Credential"), query.apply("X-Amz-SignedHeaders"), query.apply("X-Amz-Signature"),
                query.apply("X-Amz-Date"), OptionalLong.of(Long.parseLong(expires)));
    }

    private static SignedRequest of(String credential, String signedHeaders, String signature, String amzDate,
                                    OptionalLong expires) {
        Instant date = amzDate(amzDate);
        String[] c = credential.split("/", -1);
        if (c.length != 5) {
            throw Denied.incomplete("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term,"
                    + " got '" + credential + "'");
        }
        if (!c[4].equals(SigV4.TERMINATOR)) {
            throw Denied.incomplete("Credential should be scoped with a valid terminator: '" + SigV4.TERMINATOR + "', not '" + c[4] + "'.");
        }
        List<String> headers = List.of(signedHeaders.split(";"));
        if (!headers.contains("host")) throw Denied.incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        return new SignedRequest(credential, c[0], new SigV4.Scope(c[1], c[2], c[3]), headers, signature, amzDate, date, expires);
    }

    /** {@code yyyyMMddTHHmmssZ}, read by hand: a formatter costs more than the rest of the parse on every request. */
    private static Instant amzDate(String text) {
        try {
            if (text.length() != 16 || text.charAt(8) != 'T' || text.charAt(15) != 'Z') throw new DateTimeParseException("", text, 0);
            for (int i : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14}) {
                if (text.charAt(i) < '0' || text.charAt(i) > '9') throw new DateTimeParseException("", text, i);
            }
            return LocalDateTime.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 4, 6, 10), Integer.parseInt(text, 6, 8, 10),
                    Integer.parseInt(text, 9, 11, 10), Integer.parseInt(text, 11, 13, 10), Integer.parseInt(text, 13, 15, 10))
                    .toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            throw Denied.incomplete("Date must be in ISO-8601 'basic format'. Got '" + text + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    private static Instant httpDate(String text) {
        try {
            return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).parse(text));
        } catch (DateTimeParseException e) {
            throw Denied.incomplete("Date must be an HTTP date (RFC 1123). Got '" + text + "'.");
        }
    }
}
