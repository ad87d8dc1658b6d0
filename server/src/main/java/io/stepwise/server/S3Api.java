package io.stepwise.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.stepwise.functions.LambdaError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * The S3-compatible object API (REST-XML, path-style: {@code /{bucket}} and {@code /{bucket}/{key+}}) on the server's
 * one port. Its routes are added last: Javalin runs the first route that matches, so every Lambda, Stepwise and Step
 * Functions route keeps its paths, and a bucket may not be named after one of their first path segments
 * ({@link #RESERVED}). Operations are chosen here by method, key and sub-resource query parameter, as S3 does; bucket
 * and object operations are in {@link S3Objects}, listings in {@link S3Listing}, multipart uploads in
 * {@link S3Multipart}. Errors are S3's XML {@code <Error>} documents (a HEAD's carry no body).
 */
final class S3Api {
    /** First path segments of the other APIs on this port. */
    static final Set<String> RESERVED = Set.of("2015-03-31", "2016-08-19", "2017-03-31", "2017-10-31", "2018-06-01", "2018-10-31",
            "2019-09-25", "2019-09-30", "stepwise", "health", "metrics", "power-tuning", "console");
    /** Sub-resources this API does not implement, answered with {@code NotImplemented} rather than as the plain operation. */
    private static final Set<String> UNSUPPORTED = Set.of("acl", "tagging", "versioning", "versions", "policy", "cors",
            "lifecycle", "website", "encryption", "replication", "notification", "logging", "object-lock", "retention",
            "legal-hold", "torrent", "restore", "select", "attributes", "accelerate", "requestPayment", "analytics",
            "inventory", "metrics", "intelligent-tiering", "ownershipControls", "publicAccessBlock", "policyStatus");
    private static final String RENDERED = "stepwise.s3.error";
    static final String BODY_READ = "stepwise.body.read";
    /** The {@link AwsChunked.Signing} of a request whose aws-chunked body is signed chunk by chunk. */
    static final String CHUNK_SIGNING = "stepwise.s3.chunk-signing";

    private final S3Objects objects;
    private final S3Listing listing;
    private final S3Multipart multipart;

    S3Api(ObjectStore store) {
        this.objects = new S3Objects(store);
        this.listing = new S3Listing(store);
        this.multipart = new S3Multipart(store);
    }

    void routes(Javalin app) {
        app.exception(S3Error.class, (e, ctx) -> render(ctx, e));
        app.get("/", ctx -> listing.listBuckets(ctx));
        for (HandlerType method : new HandlerType[] {HandlerType.GET, HandlerType.HEAD, HandlerType.PUT, HandlerType.POST, HandlerType.DELETE}) {
            app.addHttpHandler(method, "/{bucket}", this::handle);
            app.addHttpHandler(method, "/{bucket}/<key>", this::handle);
        }
    }

    private void handle(Context ctx) {
        ctx.disableCompression();
        ctx.header("x-amz-request-id", UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT));
        String path = ctx.req().getRequestURI();
        int slash = path.indexOf('/', 1);
        String bucket = decode(slash < 0 ? path.substring(1) : path.substring(1, slash));
        String key = slash < 0 ? "" : decode(path.substring(slash + 1));
        if (RESERVED.contains(bucket)) {
            if (ctx.method() == HandlerType.PUT && key.isEmpty()) throw S3Error.invalidBucketName(bucket, "reserved by Stepwise's other APIs");
            throw AwsErrors.unknownOperation(ctx);
        }
        for (String sub : UNSUPPORTED) {
            if (ctx.queryParamMap().containsKey(sub)) throw S3Error.notImplemented("?" + sub);
        }
        if (key.isEmpty()) {
            bucketOperation(ctx, bucket);
        } else {
            if (key.getBytes(StandardCharsets.UTF_8).length > 1024) {
                throw S3Error.of("KeyTooLongError", 400, "Your key is too long (at most 1024 bytes of UTF-8)");
            }
            objectOperation(ctx, bucket, key);
        }
    }

    private void bucketOperation(Context ctx, String bucket) {
        switch (ctx.method()) {
            case PUT -> objects.createBucket(ctx, bucket);
            case HEAD -> objects.headBucket(ctx, bucket);
            case DELETE -> objects.deleteBucket(ctx, bucket);
            case GET -> {
                if (ctx.queryParamMap().containsKey("location")) objects.bucketLocation(ctx, bucket);
                else if (ctx.queryParamMap().containsKey("uploads")) multipart.listUploads(ctx, bucket);
                else listing.list(ctx, bucket);
            }
            case POST -> {
                if (!ctx.queryParamMap().containsKey("delete")) throw methodNotAllowed(ctx);
                objects.deleteObjects(ctx, bucket);
            }
            default -> throw methodNotAllowed(ctx);
        }
    }

    private void objectOperation(Context ctx, String bucket, String key) {
        var q = ctx.queryParamMap();
        switch (ctx.method()) {
            case PUT -> {
                if ((q.containsKey("uploadId") || q.containsKey("partNumber")) && ctx.header("x-amz-copy-source") != null) {
                    throw S3Error.notImplemented("UploadPartCopy");
                }
                if (q.containsKey("uploadId") || q.containsKey("partNumber")) multipart.uploadPart(ctx, bucket, key);
                else if (ctx.header("x-amz-copy-source") != null) objects.copy(ctx, bucket, key);
                else objects.put(ctx, bucket, key);
            }
            case GET -> {
                if (q.containsKey("uploadId")) multipart.listParts(ctx, bucket, key);
                else objects.get(ctx, bucket, key, true);
            }
            case HEAD -> objects.get(ctx, bucket, key, false);
            case DELETE -> {
                if (q.containsKey("uploadId")) multipart.abort(ctx, bucket, key);
                else objects.delete(ctx, bucket, key);
            }
            case POST -> {
                if (q.containsKey("uploads")) multipart.create(ctx, bucket, key);
                else if (q.containsKey("uploadId")) multipart.complete(ctx, bucket, key);
                else throw methodNotAllowed(ctx);
            }
            default -> throw methodNotAllowed(ctx);
        }
    }

    private static S3Error methodNotAllowed(Context ctx) {
        return S3Error.of("MethodNotAllowed", 405, "The specified method is not allowed against this resource: " + ctx.method());
    }

    /** Whether a request is for this API: not Step Functions' {@code POST /}, not under another API's first segment. */
    static boolean isS3(Context ctx) {
        if (StepFunctionsApi.isStepFunctions(ctx)) return false;
        String path = ctx.path();
        if (path.equals("/")) return ctx.method() == HandlerType.GET;
        int slash = path.indexOf('/', 1);
        return !RESERVED.contains(slash < 0 ? path.substring(1) : path.substring(1, slash));
    }

    /** Whether this request's error was rendered here (so the 404/405 fallbacks leave it alone). */
    static boolean rendered(Context ctx) {
        return ctx.attribute(RENDERED) != null;
    }

    static void render(Context ctx, S3Error e) {
        ctx.attribute(RENDERED, true);
        ctx.status(e.status());
        if (ctx.method() == HandlerType.HEAD) {
            ctx.result("");
            return;
        }
        S3Xml xml = S3Xml.error().element("Code", e.code()).element("Message", e.getMessage());
        e.resource().ifPresent(r -> xml.element(r[0], r[1]));
        String requestId = ctx.res().getHeader("x-amz-request-id");
        xml.element("RequestId", requestId == null ? "0" : requestId);
        ctx.contentType("application/xml").result(xml.done());
    }

    /** A refusal made before any S3 route ran (a bad signature, say), in S3's shape, with S3's code for it. */
    static void render(Context ctx, LambdaError e) {
        String code = switch (e.type()) {
            case "MissingAuthenticationTokenException" -> "AccessDenied";
            case "UnrecognizedClientException" -> "InvalidAccessKeyId";
            case "InvalidSignatureException" -> "SignatureDoesNotMatch";
            case "IncompleteSignatureException" -> "AuthorizationHeaderMalformed";
            case "RequestEntityTooLargeException" -> "EntityTooLarge";
            case "ServiceException" -> "InternalError";
            default -> e.type();
        };
        render(ctx, S3Error.of(code, e.status(), e.getMessage()));
    }

    /**
     * The request body: the bytes the Authenticator already read to check its hash, or the stream; aws-chunked decoded,
     * and checked against an {@code x-amz-checksum-*} header or trailer when it ends.
     */
    static InputStream body(Context ctx) {
        InputStream raw = ctx.attribute(BODY_READ) != null ? new ByteArrayInputStream(ctx.bodyAsBytes()) : ctx.bodyInputStream();
        if (!AwsChunked.applies(ctx.header("Content-Encoding"), ctx.header("x-amz-content-sha256"))) {
            for (String algorithm : List.of("crc32", "crc32c", "sha1", "sha256")) {
                String sent = ctx.header("x-amz-checksum-" + algorithm);
                if (sent != null) return PayloadChecksum.of("x-amz-checksum-" + algorithm).orElseThrow().verifying(raw, sent);
            }
            return raw;
        }
        String decoded = ctx.header("x-amz-decoded-content-length");
        long length;
        try {
            length = decoded == null ? -1 : Long.parseLong(decoded);
        } catch (NumberFormatException e) {
            throw S3Error.invalidArgument("x-amz-decoded-content-length is not a number: " + decoded);
        }
        return new AwsChunked(raw, length, ctx.header("x-amz-trailer"), ctx.attribute(CHUNK_SIGNING));
    }

    /** A small request body (an XML document), at most 1 MiB. */
    static byte[] smallBody(Context ctx) {
        try (InputStream in = body(ctx)) {
            var out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                if (out.size() > 1 << 20) throw S3Error.malformedXml();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Percent-decoding of a path as sent (a {@code +} stays a plus, as in S3 paths). */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) return raw;
        var out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                out.write(c); // the path as sent is ASCII: anything else is percent-encoded
                continue;
            }
            int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (hi < 0 || lo < 0) throw S3Error.invalidArgument("Invalid URI: bad percent-encoding");
            out.write(hi * 16 + lo);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
