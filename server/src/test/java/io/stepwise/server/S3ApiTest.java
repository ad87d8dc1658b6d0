package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The S3 object API driven by the real AWS SDK for Java v2 S3 client (path style), and by raw HTTP for error bodies. */
class S3ApiTest {
    static TestServer server;
    static S3Client s3;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start();
        s3 = client(server.endpoint(), AwsBasicCredentials.create("test", "test"));
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    static S3Client client(String endpoint, AwsCredentials credentials) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    static S3Exception refusal(Runnable call) {
        try {
            call.run();
        } catch (S3Exception e) {
            return e;
        }
        throw new AssertionError("the call was not refused");
    }

    static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(server.endpoint() + path)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_bucket_is_created_listed_headed_and_deleted() {
        s3.createBucket(b -> b.bucket("lifecycle"));

        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains("lifecycle");
        assertThat(s3.headBucket(b -> b.bucket("lifecycle")).sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(refusal(() -> s3.createBucket(b -> b.bucket("lifecycle"))).awsErrorDetails().errorCode())
                .isEqualTo("BucketAlreadyOwnedByYou");

        s3.deleteBucket(b -> b.bucket("lifecycle"));

        assertThat(refusal(() -> s3.headBucket(b -> b.bucket("lifecycle"))).statusCode()).isEqualTo(404);
        assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain("lifecycle");
    }

    @Test
    void bucket_names_that_break_s3_rules_or_another_apis_path_are_refused() throws Exception {
        for (String name : List.of("ab", "Upper", "has_underscore", "-dash", "192.168.1.1", "a..b", "xn--abc", "stepwise", "health",
                "2015-03-31")) {
            var r = send("PUT", "/" + name, Map.of());
            assertThat(r.statusCode()).as(name).isEqualTo(400);
            assertThat(r.body()).as(name).contains("<Code>InvalidBucketName</Code>");
        }
        S3Exception e = refusal(() -> s3.createBucket(b -> b.bucket("metrics")));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidBucketName");
        assertThat(send("GET", "/metrics", Map.of()).body()).doesNotContain("<Error>");
    }

    @Test
    void an_object_is_put_and_read_back_with_its_etag_content_type_and_metadata() throws Exception {
        s3.createBucket(b -> b.bucket("reports"));
        byte[] csv = "id,name\n1,Ada\n2,Grace\n".getBytes(StandardCharsets.UTF_8);

        var put = s3.putObject(b -> b.bucket("reports").key("2026/users.csv").contentType("text/csv").metadata(Map.of("owner", "ada")),
                RequestBody.fromBytes(csv));
        var got = s3.getObjectAsBytes(b -> b.bucket("reports").key("2026/users.csv"));
        var head = s3.headObject(b -> b.bucket("reports").key("2026/users.csv"));

        assertThat(put.eTag()).isEqualTo("\"" + md5(csv) + "\"");
        assertThat(got.asByteArray()).isEqualTo(csv);
        assertThat(got.response().eTag()).isEqualTo(put.eTag());
        assertThat(got.response().contentType()).isEqualTo("text/csv");
        assertThat(got.response().metadata()).containsEntry("owner", "ada");
        assertThat(head.contentLength()).isEqualTo(csv.length);
        assertThat(head.lastModified()).isNotNull();
        var raw = send("HEAD", "/reports/2026/users.csv", Map.of());
        assertThat(raw.headers().firstValue("Last-Modified").orElseThrow()).matches("[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d GMT");
    }

    @Test
    void a_range_read_returns_206_with_content_range_and_a_range_past_the_end_is_416() throws Exception {
        s3.createBucket(b -> b.bucket("ranges"));
        s3.putObject(b -> b.bucket("ranges").key("digits"), RequestBody.fromString("0123456789"));

        var part = s3.getObjectAsBytes(b -> b.bucket("ranges").key("digits").range("bytes=2-5"));
        var tail = s3.getObjectAsBytes(b -> b.bucket("ranges").key("digits").range("bytes=-3"));
        S3Exception beyond = refusal(() -> s3.getObjectAsBytes(b -> b.bucket("ranges").key("digits").range("bytes=10-20")));

        assertThat(part.asUtf8String()).isEqualTo("2345");
        assertThat(part.response().contentRange()).isEqualTo("bytes 2-5/10");
        assertThat(part.response().sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(tail.asUtf8String()).isEqualTo("789");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");
    }

    @Test
    void conditional_reads_answer_304_when_unchanged_and_412_when_a_precondition_fails() throws Exception {
        s3.createBucket(b -> b.bucket("conditional"));
        String etag = s3.putObject(b -> b.bucket("conditional").key("k"), RequestBody.fromString("v1")).eTag();
        String lastModified = send("HEAD", "/conditional/k", Map.of()).headers().firstValue("Last-Modified").orElseThrow();

        var unchanged = send("GET", "/conditional/k", Map.of("If-None-Match", etag));
        var notSince = send("GET", "/conditional/k", Map.of("If-Modified-Since", lastModified));
        var changed = send("GET", "/conditional/k", Map.of("If-None-Match", "\"0123\""));
        var wrongMatch = send("GET", "/conditional/k", Map.of("If-Match", "\"0123\""));
        var rightMatch = send("HEAD", "/conditional/k", Map.of("If-Match", etag));

        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.headers().firstValue("ETag")).hasValue(etag);
        assertThat(notSince.statusCode()).isEqualTo(304);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo("v1");
        assertThat(wrongMatch.statusCode()).isEqualTo(412);
        assertThat(wrongMatch.body()).contains("<Code>PreconditionFailed</Code>");
        assertThat(rightMatch.statusCode()).isEqualTo(200);
    }

    @Test
    void a_missing_bucket_or_key_is_a_404_xml_error_and_deleting_a_missing_key_is_not() throws Exception {
        s3.createBucket(b -> b.bucket("sparse"));

        var noKey = send("GET", "/sparse/nothing%20here", Map.of());
        var noBucket = send("GET", "/no-such-bucket/x", Map.of());

        assertThat(noKey.statusCode()).isEqualTo(404);
        assertThat(noKey.body()).contains("<Code>NoSuchKey</Code>").contains("<Key>nothing here</Key>").contains("<RequestId>");
        assertThat(noBucket.statusCode()).isEqualTo(404);
        assertThat(noBucket.body()).contains("<Code>NoSuchBucket</Code>").contains("<BucketName>no-such-bucket</BucketName>");
        assertThat(refusal(() -> s3.getObjectAsBytes(b -> b.bucket("sparse").key("k"))).awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
        assertThat(s3.deleteObject(b -> b.bucket("sparse").key("never-was")).sdkHttpResponse().statusCode()).isEqualTo(204);
    }

    @Test
    void a_bucket_that_holds_objects_cannot_be_deleted() {
        s3.createBucket(b -> b.bucket("full"));
        s3.putObject(b -> b.bucket("full").key("one"), RequestBody.fromString("1"));

        S3Exception e = refusal(() -> s3.deleteBucket(b -> b.bucket("full")));

        assertThat(e.statusCode()).isEqualTo(409);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty");
        s3.deleteObject(b -> b.bucket("full").key("one"));
        s3.deleteBucket(b -> b.bucket("full"));
        assertThat(refusal(() -> s3.headBucket(b -> b.bucket("full"))).statusCode()).isEqualTo(404);
    }

    @Test
    void list_objects_v2_pages_through_keys_with_prefix_delimiter_and_continuation_tokens() {
        s3.createBucket(b -> b.bucket("listing"));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) keys.add(String.format("data/%02d.json", i));
        keys.addAll(List.of("data/old/a.json", "data/old/b.json", "data/tmp/x", "readme.txt"));
        for (String k : keys) s3.putObject(b -> b.bucket("listing").key(k), RequestBody.fromString(k));

        List<String> paged = s3.listObjectsV2Paginator(b -> b.bucket("listing").prefix("data/").maxKeys(7)).contents().stream()
                .map(S3Object::key).toList();
        var folders = s3.listObjectsV2(b -> b.bucket("listing").prefix("data/").delimiter("/").maxKeys(26));
        var rest = s3.listObjectsV2(b -> b.bucket("listing").prefix("data/").delimiter("/").maxKeys(26)
                .continuationToken(folders.nextContinuationToken()));
        var after = s3.listObjectsV2(b -> b.bucket("listing").startAfter("data/tmp/x"));

        assertThat(paged).hasSize(28).isSorted().doesNotContain("readme.txt");
        assertThat(folders.contents()).hasSize(25);
        assertThat(folders.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("data/old/");
        assertThat(folders.keyCount()).isEqualTo(26);
        assertThat(folders.isTruncated()).isTrue();
        assertThat(rest.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("data/tmp/");
        assertThat(rest.contents()).isEmpty();
        assertThat(rest.isTruncated()).isFalse();
        assertThat(after.contents()).extracting(S3Object::key).containsExactly("readme.txt");
    }

    @Test
    void keys_are_listed_in_utf8_byte_order() {
        s3.createBucket(b -> b.bucket("order"));
        // UTF-16 order would put U+FF5E before U+1F600 (a surrogate pair); UTF-8 bytes put it after
        List<String> keys = List.of("b", "a b", "a+b", "é", "\uD83D\uDE00", "\uFF5E", "Z");
        for (String k : keys) s3.putObject(b -> b.bucket("order").key(k), RequestBody.fromString(k));

        List<String> listed = s3.listObjectsV2(b -> b.bucket("order")).contents().stream().map(S3Object::key).toList();

        assertThat(listed).containsExactly("Z", "a b", "a+b", "b", "é", "\uFF5E", "\uD83D\uDE00");
    }

    @Test
    void a_large_file_is_uploaded_in_parts_and_read_back_byte_for_byte() throws Exception {
        s3.createBucket(b -> b.bucket("big"));
        byte[] data = new byte[(11 << 20) + 12345];
        new Random(7).nextBytes(data);
        int partSize = 5 << 20;

        String uploadId = s3.createMultipartUpload(b -> b.bucket("big").key("blob.bin").contentType("application/x-test")).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        MessageDigest partMd5s = MessageDigest.getInstance("MD5");
        for (int n = 1, off = 0; off < data.length; n++, off += partSize) {
            byte[] chunk = Arrays.copyOfRange(data, off, Math.min(data.length, off + partSize));
            int number = n;
            String etag = s3.uploadPart(b -> b.bucket("big").key("blob.bin").uploadId(uploadId).partNumber(number),
                    RequestBody.fromBytes(chunk)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            partMd5s.update(MessageDigest.getInstance("MD5").digest(chunk));
        }
        assertThat(s3.listParts(b -> b.bucket("big").key("blob.bin").uploadId(uploadId)).parts()).hasSize(3);
        var done = s3.completeMultipartUpload(b -> b.bucket("big").key("blob.bin").uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        var back = s3.getObjectAsBytes(b -> b.bucket("big").key("blob.bin"));

        assertThat(done.eTag()).isEqualTo("\"" + HexFormat.of().formatHex(partMd5s.digest()) + "-3\"");
        assertThat(back.asByteArray()).isEqualTo(data);
        assertThat(back.response().contentType()).isEqualTo("application/x-test");
        assertThat(refusal(() -> s3.listParts(b -> b.bucket("big").key("blob.bin").uploadId(uploadId))).awsErrorDetails().errorCode())
                .isEqualTo("NoSuchUpload");
    }

    @Test
    void a_multipart_upload_with_a_small_middle_part_or_a_wrong_etag_is_refused_and_an_aborted_one_is_gone_from_the_list() {
        s3.createBucket(b -> b.bucket("strict"));
        String uploadId = s3.createMultipartUpload(b -> b.bucket("strict").key("k")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket("strict").key("k").uploadId(uploadId).partNumber(1), RequestBody.fromString("small")).eTag();
        String e2 = s3.uploadPart(b -> b.bucket("strict").key("k").uploadId(uploadId).partNumber(2), RequestBody.fromString("last")).eTag();

        S3Exception small = refusal(() -> s3.completeMultipartUpload(b -> b.bucket("strict").key("k").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build()))));
        S3Exception wrong = refusal(() -> s3.completeMultipartUpload(b -> b.bucket("strict").key("k").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag("\"0000\"").build()))));
        var pending = s3.listMultipartUploads(b -> b.bucket("strict")).uploads();
        S3Exception partCopy = refusal(() -> s3.uploadPartCopy(b -> b.sourceBucket("strict").sourceKey("k").destinationBucket("strict")
                .destinationKey("k").uploadId(uploadId).partNumber(3)));
        s3.abortMultipartUpload(b -> b.bucket("strict").key("k").uploadId(uploadId));

        assertThat(partCopy.statusCode()).isEqualTo(501);
        assertThat(pending).extracting(u -> u.key() + " " + u.uploadId()).containsExactly("k " + uploadId);
        assertThat(s3.listMultipartUploads(b -> b.bucket("strict")).uploads()).isEmpty();
        assertThat(small.awsErrorDetails().errorCode()).isEqualTo("EntityTooSmall");
        assertThat(wrong.awsErrorDetails().errorCode()).isEqualTo("InvalidPart");
        assertThat(refusal(() -> s3.uploadPart(b -> b.bucket("strict").key("k").uploadId(uploadId).partNumber(3),
                RequestBody.fromString("late"))).awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload");
        assertThat(refusal(() -> s3.headObject(b -> b.bucket("strict").key("k"))).statusCode()).isEqualTo(404);
    }

    @Test
    void objects_are_copied_and_deleted_in_a_batch() {
        s3.createBucket(b -> b.bucket("batch"));
        s3.putObject(b -> b.bucket("batch").key("src").contentType("text/plain").metadata(Map.of("k", "v")), RequestBody.fromString("hello"));

        var copy = s3.copyObject(b -> b.sourceBucket("batch").sourceKey("src").destinationBucket("batch").destinationKey("dst"));
        var dst = s3.getObjectAsBytes(b -> b.bucket("batch").key("dst"));
        var deleted = s3.deleteObjects(b -> b.bucket("batch").delete(d -> d.objects(o -> o.key("src"), o -> o.key("dst"), o -> o.key("none"))));

        assertThat(dst.asUtf8String()).isEqualTo("hello");
        assertThat(dst.response().metadata()).containsEntry("k", "v");
        assertThat(copy.copyObjectResult().eTag()).isEqualTo(dst.response().eTag());
        assertThat(deleted.deleted()).hasSize(3);
        assertThat(s3.listObjectsV2(b -> b.bucket("batch")).contents()).isEmpty();
    }

    /** An aws-chunked body as the SDKs stream one: chunks, then a trailer line and an empty line. */
    HttpResponse<String> putChunked(String path, String trailer, long decodedLength, String... chunks) throws Exception {
        StringBuilder body = new StringBuilder();
        for (String chunk : chunks) body.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        body.append("0\r\n").append(trailer).append("\r\n\r\n");
        var request = HttpRequest.newBuilder(URI.create(server.endpoint() + path)).PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                .header("Content-Encoding", "aws-chunked").header("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
                .header("x-amz-decoded-content-length", String.valueOf(decodedLength)).header("x-amz-trailer", "x-amz-checksum-crc32")
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void an_aws_chunked_body_is_decoded_and_its_length_and_crc32_trailer_are_checked() throws Exception {
        s3.createBucket(b -> b.bucket("chunked"));
        var crc = new CRC32();
        crc.update("hello, world".getBytes(StandardCharsets.UTF_8));
        String good = Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());

        var ok = putChunked("/chunked/greeting", "x-amz-checksum-crc32:" + good, 12, "hello, ", "world");
        var badCrc = putChunked("/chunked/bad", "x-amz-checksum-crc32:AAAAAA==", 12, "hello, ", "world");
        var shortBody = putChunked("/chunked/short", "x-amz-checksum-crc32:" + good, 13, "hello, ", "world");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("chunked").key("greeting")).asUtf8String()).isEqualTo("hello, world");
        assertThat(badCrc.statusCode()).isEqualTo(400);
        assertThat(badCrc.body()).contains("<Code>BadDigest</Code>");
        assertThat(shortBody.statusCode()).isEqualTo(400);
        assertThat(shortBody.body()).contains("<Code>IncompleteBody</Code>");
        assertThat(s3.listObjectsV2(b -> b.bucket("chunked")).contents()).extracting(S3Object::key).containsExactly("greeting");
    }

    @Test
    void a_content_md5_or_checksum_header_that_does_not_match_the_body_is_a_bad_digest() throws Exception {
        s3.createBucket(b -> b.bucket("digests"));
        var badMd5 = HttpRequest.newBuilder(URI.create(server.endpoint() + "/digests/k")).PUT(HttpRequest.BodyPublishers.ofString("abc"))
                .header("Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA==").build();
        var badCrc = HttpRequest.newBuilder(URI.create(server.endpoint() + "/digests/k")).PUT(HttpRequest.BodyPublishers.ofString("abc"))
                .header("x-amz-checksum-crc32", "AAAAAA==").build();
        var goodSha = HttpRequest.newBuilder(URI.create(server.endpoint() + "/digests/ok")).PUT(HttpRequest.BodyPublishers.ofString("abc"))
                .header("x-amz-checksum-sha256", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=").build();

        var md5 = http.send(badMd5, HttpResponse.BodyHandlers.ofString());
        var crc = http.send(badCrc, HttpResponse.BodyHandlers.ofString());
        var sha = http.send(goodSha, HttpResponse.BodyHandlers.ofString());

        assertThat(md5.statusCode()).isEqualTo(400);
        assertThat(md5.body()).contains("<Code>BadDigest</Code>");
        assertThat(crc.statusCode()).isEqualTo(400);
        assertThat(crc.body()).contains("<Code>BadDigest</Code>").contains("x-amz-checksum-crc32");
        assertThat(sha.statusCode()).as(sha.body()).isEqualTo(200);
        assertThat(s3.listObjectsV2(b -> b.bucket("digests")).contents()).extracting(S3Object::key).containsExactly("ok");
    }

    /** A PUT signed chunk by chunk by the SDK's own SigV4 signer (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, CRC32). */
    static HttpRequest chunkSigned(String endpoint, String path, byte[] body, String secret, boolean tamper) throws Exception {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).uri(URI.create(endpoint + path))
                .putHeader("Content-Length", String.valueOf(body.length)).build();
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create("AKIDS3TEST", secret)).request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3").putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false).putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true).putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32));
        byte[] encoded = signed.payload().orElseThrow().newStream().readAllBytes();
        if (tamper) {
            int at = new String(encoded, StandardCharsets.ISO_8859_1).indexOf(new String(body, StandardCharsets.ISO_8859_1));
            encoded[at] ^= 1;
        }
        var b = HttpRequest.newBuilder(signed.request().getUri()).PUT(HttpRequest.BodyPublishers.ofByteArray(encoded));
        signed.request().forEachHeader((name, values) -> {
            if (!Set.of("host", "content-length").contains(name.toLowerCase(java.util.Locale.ROOT))) values.forEach(v -> b.header(name, v));
        });
        return b.build();
    }

    @Test
    void a_body_signed_chunk_by_chunk_is_verified_and_a_tampered_chunk_is_refused() throws Exception {
        try (var secured = TestServer.start(TestServer.config(TestServer.tempDir(), false)
                .withAuth(new Auth.SigV4(AccessKeys.of("AKIDS3TEST", "s3/secret+key"))));
             var good = client(secured.endpoint(), AwsBasicCredentials.create("AKIDS3TEST", "s3/secret+key"))) {
            good.createBucket(b -> b.bucket("chunks"));
            byte[] body = "a body signed chunk by chunk".getBytes(StandardCharsets.UTF_8);

            var ok = http.send(chunkSigned(secured.endpoint(), "/chunks/ok", body, "s3/secret+key", false), HttpResponse.BodyHandlers.ofString());
            var tampered = http.send(chunkSigned(secured.endpoint(), "/chunks/bad", body, "s3/secret+key", true), HttpResponse.BodyHandlers.ofString());

            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(good.getObjectAsBytes(b -> b.bucket("chunks").key("ok")).asByteArray()).isEqualTo(body);
            assertThat(tampered.statusCode()).isEqualTo(403);
            assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
            assertThat(good.listObjectsV2(b -> b.bucket("chunks")).contents()).extracting(S3Object::key).containsExactly("ok");
        }
    }

    @Test
    void a_lambda_request_signed_for_s3_cannot_leave_its_body_unsigned() throws Exception {
        try (var secured = TestServer.start(TestServer.config(TestServer.tempDir(), false)
                .withAuth(new Auth.SigV4(AccessKeys.of("AKIDS3TEST", "s3/secret+key"))))) {
            SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                    .uri(URI.create(secured.endpoint() + "/2015-03-31/functions")).putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD").build();
            var signed = AwsV4HttpSigner.create().sign(r -> r.identity(AwsCredentialsIdentity.create("AKIDS3TEST", "s3/secret+key"))
                    .request(request).putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1").putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
            var b = HttpRequest.newBuilder(signed.request().getUri()).POST(HttpRequest.BodyPublishers.ofString("{\"FunctionName\": \"sneaky\"}"));
            signed.request().forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("host")) values.forEach(v -> b.header(name, v));
            });

            var r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            assertThat(r.headers().firstValue(AwsErrors.HEADER)).hasValue("InvalidSignatureException");
        }
    }

    @Test
    void objects_survive_a_server_restart_on_the_same_data_folder() {
        var dir = TestServer.tempDir();
        try (var first = TestServer.start(dir, false); var c = client(first.endpoint(), AwsBasicCredentials.create("a", "b"))) {
            c.createBucket(b -> b.bucket("durable"));
            c.putObject(b -> b.bucket("durable").key("kept.txt"), RequestBody.fromString("still here"));
            first.stop();
            try (var second = TestServer.start(dir, false); var c2 = client(second.endpoint(), AwsBasicCredentials.create("a", "b"))) {
                assertThat(c2.getObjectAsBytes(b -> b.bucket("durable").key("kept.txt")).asUtf8String()).isEqualTo("still here");
                assertThat(c2.listObjectsV2(b -> b.bucket("durable")).contents()).extracting(S3Object::key).containsExactly("kept.txt");
                second.stop();
            }
        }
    }

    @Test
    void the_other_apis_on_the_port_keep_their_routes() throws Exception {
        var health = send("GET", "/health", Map.of());
        var lambdaUnknown = send("GET", "/2015-03-31/functions/nope/unknown", Map.of());
        var sfn = http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("X-Amz-Target", "AWSStepFunctions.ListStateMachines").header("Content-Type", "application/x-amz-json-1.0").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
        assertThat(lambdaUnknown.statusCode()).isEqualTo(404);
        assertThat(lambdaUnknown.headers().firstValue(AwsErrors.HEADER)).hasValue("UnknownOperationException");
        assertThat(sfn.statusCode()).isEqualTo(200);
        assertThat(sfn.body()).contains("stateMachines");
        assertThat(server.lambda.listFunctions().functions()).isNotNull();
    }

    @Test
    void a_server_with_sigv4_accepts_the_sdks_signed_s3_requests_and_presigned_urls_and_refuses_a_wrong_secret() {
        try (var secured = TestServer.start(TestServer.config(TestServer.tempDir(), false)
                .withAuth(new Auth.SigV4(AccessKeys.of("AKIDS3TEST", "s3/secret+key"))));
             var good = client(secured.endpoint(), AwsBasicCredentials.create("AKIDS3TEST", "s3/secret+key"));
             var bad = client(secured.endpoint(), AwsBasicCredentials.create("AKIDS3TEST", "wrong"))) {
            good.createBucket(b -> b.bucket("signed"));
            good.putObject(b -> b.bucket("signed").key("a key/with+odd=chars"), RequestBody.fromString("signed body"));

            assertThat(good.getObjectAsBytes(b -> b.bucket("signed").key("a key/with+odd=chars")).asUtf8String()).isEqualTo("signed body");
            assertThat(good.listObjectsV2(b -> b.bucket("signed").prefix("a key/")).contents()).hasSize(1);
            try (var presigner = S3Presigner.builder().endpointOverride(URI.create(secured.endpoint()))
                    .region(Region.US_EAST_1).serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDS3TEST", "s3/secret+key"))).build()) {
                URI link = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                        .getObjectRequest(g -> g.bucket("signed").key("a key/with+odd=chars"))).url().toURI();
                var fetched = http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(fetched.statusCode()).as(fetched.body()).isEqualTo(200);
                assertThat(fetched.body()).isEqualTo("signed body");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            S3Exception refused = refusal(() -> bad.putObject(b -> b.bucket("signed").key("x"), RequestBody.fromString("no")));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(good.listObjectsV2(b -> b.bucket("signed")).contents()).hasSize(1);
        }
    }
}
