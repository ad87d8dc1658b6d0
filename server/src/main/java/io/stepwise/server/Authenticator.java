package io.stepwise.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The check in front of every route but {@code /health}, {@code /metrics} and the old chart link
 * {@code /power-tuning/} (a redirect to the console; DESIGN §8): with {@link Auth.SigV4},
 * a request must carry a Signature Version 4 by a configured key, dated within 15 minutes of the server's clock (a
 * presigned URL: within its {@code X-Amz-Expires}), over its method, path, query, signed headers and body. With
 * {@link Auth.Open} nothing is checked.
 * <p>
 * Order of the checks, as AWS reports them: no signature, malformed signature, unknown key, scope date, clock window,
 * payload hash, signature. The derived signing key is cached per key and scope (it changes once a day), so a warm
 * request costs two SHA-256 and one HMAC.
 * <p>
 * Function code calls the API with its environment's temporary credentials ({@link FunctionApiAccess}): a request that
 * arrives on an environment's own connector is checked whatever the server's {@link Auth} (with {@link Auth.Open}
 * only such temporary keys are known), and a temporary key is accepted only with its {@code X-Amz-Security-Token} and
 * only while its environment lives. With a long-term key {@code X-Amz-Security-Token} is signed like any header but
 * not checked against anything.
 */
final class Authenticator {
    static final long WINDOW_MINUTES = 15;
    private static final Set<String> OPEN = Set.of("/health", "/metrics");
    private static final String CALLER = "stepwise.caller";
    /** How long the Code.Location link of GetFunction stays valid, as on AWS. */
    static final Duration LINK_VALIDITY = Duration.ofMinutes(10);

    private final Auth auth;
    private final InstantSource clock;
    private final FunctionApiAccess functions;
    /** By credential ({@code keyid/date/region/service/aws4_request}), which names the derived key exactly. */
    private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();

    Authenticator(Auth auth, InstantSource clock, FunctionApiAccess functions) {
        this.auth = auth;
        this.clock = clock;
        this.functions = functions;
    }

    void install(Javalin app) {
        app.before(this::check);
    }

    private void check(Context ctx) {
        if (OPEN.contains(ctx.path())) return;
        // the chart page and the console are static files that carry no data: the console's calls are API calls,
        // checked like any other
        if (ctx.method() == io.javalin.http.HandlerType.GET && (ctx.path().equals(PowerTuningPage.PATH)
                || ctx.path().startsWith(PowerTuningPage.PATH + "/") || ctx.path().equals(ConsoleRoutes.PATH)
                || ctx.path().startsWith(ConsoleRoutes.PATH + "/"))) {
            return;
        }
        if (auth instanceof Auth.Open && !functions.fromFunction(ctx)) return;
        String rawQuery = ctx.queryString() == null ? "" : ctx.queryString();
        // reading the query into parameters costs more than the rest of the parse: only for a presigned URL
        SignedRequest signed = SignedRequest.parse(ctx::header, name -> rawQuery.contains(name) ? ctx.queryParam(name) : null)
                .orElseThrow(Denied::missingToken);
        var temporary = functions.credentials(signed.accessKeyId());
        if (temporary.isPresent()) {
            String token = Optional.ofNullable(ctx.header("X-Amz-Security-Token")).orElseGet(() -> ctx.queryParam("X-Amz-Security-Token"));
            if (!SigV4.same(temporary.get().sessionToken(), token == null ? "" : token)) throw Denied.unrecognizedClient();
        }
        byte[] key = signingKey(signed.credential(), signed.accessKeyId(), signed.scope());
        String day = signed.amzDate().substring(0, 8);
        if (!signed.scope().date().equals(day)) {
            throw Denied.invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + signed.scope().date() + "' != '" + day + "', from '" + signed.amzDate() + "'.");
        }
        checkTime(signed, clock.instant());
        // S3's rules only for S3 requests: a Lambda request signed for "s3" must not get an unsigned body past the check
        boolean s3 = signed.scope().service().equals("s3") && S3Api.isS3(ctx);
        // S3 signs its path encoded once, every other service twice: decoding it first makes canonicalRequest's one encoding S3's
        String path = s3 ? S3Api.decode(ctx.req().getRequestURI()) : ctx.req().getRequestURI();
        String canonical = SigV4.canonicalRequest(ctx.method().name(), path, rawQuery,
                signed.signedHeaders(), name -> headers(ctx, name), payloadHash(ctx, s3, signed.expiresSeconds().isPresent()));
        String expected = SigV4.signature(key, SigV4.stringToSign(signed.amzDate(), signed.scope(), canonical));
        if (!SigV4.same(expected, signed.signature())) throw Denied.signatureMismatch();
        ctx.attribute(CALLER, signed);
        String claimed = ctx.header("X-Amz-Content-SHA256");
        if (s3 && claimed != null && claimed.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD")) {
            ctx.attribute(S3Api.CHUNK_SIGNING, new AwsChunked.Signing(key, signed.amzDate(), signed.scope(), signed.signature()));
        }
    }

    private byte[] signingKey(String credential, String accessKeyId, SigV4.Scope scope) {
        var temporary = functions.credentials(accessKeyId);
        if (temporary.isPresent()) {   // not cached: gone the moment its environment is
            return SigV4.signingKey(temporary.get().secretAccessKey(), scope);
        }
        byte[] key = signingKeys.get(credential);
        if (key != null) return key;
        String secret = (auth instanceof Auth.SigV4 s ? s.keys().secret(accessKeyId) : Optional.<String>empty())
                .orElseThrow(Denied::unrecognizedClient);
        if (signingKeys.size() > 10_000) signingKeys.clear(); // scopes are chosen by callers: bound the cache
        key = SigV4.signingKey(secret, scope);
        signingKeys.put(credential, key);
        return key;
    }

    private static void checkTime(SignedRequest signed, Instant now) {
        Instant date = signed.date();
        if (date.isAfter(now.plus(Duration.ofMinutes(WINDOW_MINUTES)))) throw Denied.notYetCurrent(date, now, WINDOW_MINUTES);
        if (signed.expiresSeconds().isPresent()) {
            if (now.isAfter(date.plusSeconds(signed.expiresSeconds().getAsLong()))) {
                throw Denied.invalid("Request has expired: signed at " + signed.amzDate() + " for "
                        + signed.expiresSeconds().getAsLong() + " seconds, now " + SigV4.AMZ_DATE.format(now) + ".");
            }
        } else if (date.isBefore(now.minus(Duration.ofMinutes(WINDOW_MINUTES)))) {
            throw Denied.expired(date, now, WINDOW_MINUTES);
        }
    }

    /**
     * The body's SHA-256; a signer may send it as {@code X-Amz-Content-SHA256}, and then it must be the body's
     * ({@code UNSIGNED-PAYLOAD} only for an empty body: nothing here is streamed unsigned). S3 requests may claim
     * {@code UNSIGNED-PAYLOAD} or a {@code STREAMING-*} value (aws-chunked bodies), which is then signed as is and the
     * body left unread, to be streamed to disk (the chunk signatures of {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD} are
     * verified as it streams: {@link AwsChunked}).
     */
    private static String payloadHash(Context ctx, boolean s3, boolean presigned) {
        String claimedHash = ctx.header("X-Amz-Content-SHA256");
        if (s3 && claimedHash != null && (claimedHash.equals("UNSIGNED-PAYLOAD") || claimedHash.startsWith("STREAMING-"))) {
            return claimedHash;
        }
        if (s3 && claimedHash == null && presigned) return "UNSIGNED-PAYLOAD"; // what an S3 presigned URL signs
        byte[] body = ctx.bodyAsBytes();
        ctx.attribute(S3Api.BODY_READ, true);
        String computed = body.length == 0 ? SigV4.EMPTY_SHA256 : SigV4.sha256Hex(body);
        String claimed = ctx.header("X-Amz-Content-SHA256");
        if (claimed == null) return computed;
        if (claimed.equals(computed) || (body.length == 0 && claimed.equals("UNSIGNED-PAYLOAD"))) return claimed;
        throw Denied.invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    private static List<String> headers(Context ctx, String name) {
        var values = ctx.req().getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    /**
     * A link to one of the server's own GET routes for the caller of this request: with SigV4, presigned with the
     * caller's key for {@link #LINK_VALIDITY} (as GetFunction's {@code Code.Location} is a presigned S3 URL on AWS).
     */
    String link(Context ctx, String path) {
        String base = ctx.scheme() + "://" + ctx.host() + path;
        SignedRequest caller = ctx.attribute(CALLER);
        if (caller == null) return base;
        Instant now = clock.instant();
        String amzDate = SigV4.AMZ_DATE.format(now);
        var scope = new SigV4.Scope(amzDate.substring(0, 8), caller.scope().region(), caller.scope().service());
        String credential = caller.accessKeyId() + "/" + scope.text();
        String query = "X-Amz-Algorithm=" + SigV4.ALGORITHM + "&X-Amz-Credential=" + SigV4.encode(credential, false)
                + "&X-Amz-Date=" + amzDate + "&X-Amz-Expires=" + LINK_VALIDITY.toSeconds()
                + functions.credentials(caller.accessKeyId()).map(t -> "&X-Amz-Security-Token=" + SigV4.encode(t.sessionToken(), false)).orElse("")
                + "&X-Amz-SignedHeaders=host";
        String canonical = SigV4.canonicalRequest("GET", path, query, List.of("host"), n -> List.of(ctx.host()), SigV4.EMPTY_SHA256);
        String signature = SigV4.signature(signingKey(credential, caller.accessKeyId(), scope), SigV4.stringToSign(amzDate, scope, canonical));
        return base + "?" + query + "&X-Amz-Signature=" + signature;
    }
}
