package io.stepwise.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, the computation both signer and verifier make: canonical request, string to sign, signing
 * key, signature (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html). Pure functions over
 * strings; checked against AWS's published test suite in {@code SigV4Test}.
 * <p>
 * The path is canonicalised as the SDKs and the CLI do for every service but S3: the path as it travels (already
 * percent-encoded) is encoded once more, so a function ARN's {@code %3A} is canonical {@code %253A}. Query keys and
 * values are decoded, then encoded strictly (RFC 3986 unreserved characters only) and sorted.
 */
final class SigV4 {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String TERMINATOR = "aws4_request";
    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final HexFormat HEX = HexFormat.of();

    private SigV4() {}

    /** The credential scope: {@code date/region/service/aws4_request}. */
    record Scope(String date, String region, String service) {
        String text() {
            return date + "/" + region + "/" + service + "/" + TERMINATOR;
        }
    }

    /**
     * @param rawPath       the request path exactly as sent (percent-encoded, no query)
     * @param rawQuery      the query string exactly as sent, without {@code ?}; empty when none
     * @param signedHeaders lower-case header names, in the order the signer listed them
     * @param headers       every value of a header, by lower-case name (empty when absent)
     */
    static String canonicalRequest(String method, String rawPath, String rawQuery, List<String> signedHeaders,
                                   Function<String, List<String>> headers, String payloadHash) {
        StringBuilder c = new StringBuilder(256).append(method).append('\n');
        c.append(rawPath.isEmpty() ? "/" : encode(rawPath, true)).append('\n');
        c.append(canonicalQuery(rawQuery)).append('\n');
        for (String name : signedHeaders) {
            c.append(name).append(':');
            List<String> values = headers.apply(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) c.append(',');
                appendTrimmed(c, values.get(i));
            }
            c.append('\n');
        }
        return c.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash).toString();
    }

    /** The value without leading and trailing spaces, each run of inner spaces as one. */
    private static void appendTrimmed(StringBuilder c, String value) {
        String v = value.strip();
        boolean space = false;
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch == ' ' || ch == '\t') {
                space = true;
                continue;
            }
            if (space) c.append(' ');
            space = false;
            c.append(ch);
        }
    }

    /** Keys and values decoded, re-encoded strictly, sorted by key then value; {@code X-Amz-Signature} left out. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery.isEmpty()) return "";
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) continue;
            int eq = part.indexOf('=');
            String key = encode(decode(eq < 0 ? part : part.substring(0, eq)), false);
            if (key.equals("X-Amz-Signature")) continue;
            pairs.add(new String[] {key, eq < 0 ? "" : encode(decode(part.substring(eq + 1)), false)});
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder q = new StringBuilder();
        for (String[] p : pairs) {
            if (!q.isEmpty()) q.append('&');
            q.append(p[0]).append('=').append(p[1]);
        }
        return q.toString();
    }

    static String stringToSign(String amzDate, Scope scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope.text() + '\n' + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC chain from {@code "AWS4" + secret} over date, region, service and the terminator. */
    static byte[] signingKey(String secret, Scope scope) {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope.date());
        k = hmac(k, scope.region());
        k = hmac(k, scope.service());
        return hmac(k, TERMINATOR);
    }

    static String signature(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    static String sha256Hex(byte[] data) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** Compares without leaking, through timing, how long a prefix of a guessed signature was right. */
    static boolean same(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has HmacSHA256", e);
        }
    }

    /** URI-encodes every byte of the UTF-8 form but A-Z a-z 0-9 - _ . ~ (and / in paths), upper-case hex. */
    static String encode(String s, boolean keepSlash) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (keepSlash && c == '/')) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Percent-decoding only ({@code +} stays a plus, as SigV4 signers encode a space as {@code %20}); a stray % stays. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int hi = c == '%' && i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (lo >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
