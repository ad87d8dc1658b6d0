package io.stepwise.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.engine.Buckets;
import io.stepwise.engine.ItemReaders;
import io.stepwise.engine.ResultWriters;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Buckets} does, run on {@link StoreBuckets} and {@link SdkBuckets} alike, so that a distributed Map
 * reads and writes the same through the server's own store as through an S3 endpoint: bytes, S3's error codes and
 * messages, 1000-key pages, the items of a CSV and a ResultWriter's files.
 */
abstract class BucketsContract {
    static final ObjectMapper JSON = new ObjectMapper();

    abstract Buckets buckets();

    /** Creates the bucket through the implementation's own store. */
    abstract void createBucket(String name);

    static void refused(ThrowableAssert.ThrowingCallable call, String code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Buckets.BucketError.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void an_object_put_is_read_back_byte_for_byte_and_listed_with_its_md5_etag() throws Exception {
        createBucket("contract-bytes");
        byte[] content = {0, (byte) 0xff, 'a', '\n', (byte) 0xc3, (byte) 0xa9};
        Instant before = Instant.now().minusSeconds(2);
        buckets().put("contract-bytes", "dir/é.bin", content, "application/octet-stream");

        assertThat(buckets().get("contract-bytes", "dir/é.bin")).isEqualTo(content);
        Buckets.Listing listing = buckets().list("contract-bytes", "dir/", Optional.empty());
        assertThat(listing.next()).isEmpty();
        assertThat(listing.objects()).singleElement().satisfies(o -> {
            assertThat(o.key()).isEqualTo("dir/é.bin");
            assertThat(o.etag()).isEqualTo("\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)) + "\"");
            assertThat(o.size()).isEqualTo(6);
            assertThat(o.storageClass()).isEqualTo("STANDARD");
            assertThat(o.lastModified()).isBetween(before, Instant.now().plus(Duration.ofSeconds(2)));
        });
        assertThat(buckets().list("contract-bytes", "other/", Optional.empty()).objects()).isEmpty();
    }

    @Test
    void a_missing_bucket_or_key_is_refused_with_s3s_code_and_message() {
        createBucket("contract-errors");
        refused(() -> buckets().get("contract-errors", "nothing"), "NoSuchKey", "The specified key does not exist.");
        refused(() -> buckets().get("contract-gone", "k"), "NoSuchBucket", "The specified bucket does not exist");
        refused(() -> buckets().list("contract-gone", "", Optional.empty()), "NoSuchBucket",
                "The specified bucket does not exist");
        refused(() -> buckets().put("contract-gone", "k", new byte[1], "text/plain"), "NoSuchBucket",
                "The specified bucket does not exist");
    }

    @Test
    void more_than_1000_keys_are_listed_in_pages_of_1000_in_key_order() throws Exception {
        createBucket("contract-pages");
        List<String> keys = IntStream.range(0, 1002).mapToObj(i -> String.format("p/%04d", i)).toList();
        for (String key : keys) buckets().put("contract-pages", key, new byte[0], "text/plain");
        buckets().put("contract-pages", "q", new byte[0], "text/plain");

        List<String> listed = new ArrayList<>();
        Buckets.Listing first = buckets().list("contract-pages", "p/", Optional.empty());
        first.objects().forEach(o -> listed.add(o.key()));
        assertThat(first.objects()).hasSize(1000);
        assertThat(first.next()).isPresent();
        Buckets.Listing second = buckets().list("contract-pages", "p/", first.next());
        second.objects().forEach(o -> listed.add(o.key()));
        assertThat(second.next()).isEmpty();
        assertThat(listed).isEqualTo(keys);
    }

    @Test
    void a_map_reads_the_items_of_a_csv_and_writes_its_results_through_them() throws Exception {
        createBucket("contract-map");
        buckets().put("contract-map", "in/ratings.csv", "userId,movieId,title\n1,307,\"Trois, couleurs\"\n2,481\n"
                .getBytes(UTF_8), "text/csv");
        List<JsonNode> items = ItemReaders.read(buckets(), JSON.readTree("{\"Resource\": \"arn:aws:states:::s3:getObject\", "
                + "\"Parameters\": {\"Bucket\": \"contract-map\", \"Key\": \"in/ratings.csv\"}, \"ReaderConfig\": "
                + "{\"InputType\": \"CSV\", \"CSVHeaderLocation\": \"FIRST_ROW\"}}"));
        assertThat(JSON.writeValueAsString(items)).isEqualTo("[{\"userId\":\"1\",\"movieId\":\"307\",\"title\":"
                + "\"Trois, couleurs\"},{\"userId\":\"2\",\"movieId\":\"481\",\"title\":\"\"}]");

        var child = new ResultWriters.ChildResult("arn:aws:states:us-east-1:123456789012:execution:m/Map:c1", "c1",
                "arn:aws:states:us-east-1:123456789012:stateMachine:m/Map", JSON.writeValueAsString(items.get(0)),
                Optional.of("{}"), "SUCCEEDED", Optional.empty(), Optional.empty(), Instant.EPOCH, Optional.of(Instant.EPOCH));
        JsonNode result = ResultWriters.write(buckets(), JSON.readTree("{\"Resource\": \"arn:aws:states:::s3:putObject\", "
                + "\"Parameters\": {\"Bucket\": \"contract-map\", \"Prefix\": \"out\"}}"),
                "arn:aws:states:us-east-1:123456789012:mapRun:m/Map:run-1", List.of(child));
        assertThat(result.at("/ResultWriterDetails/Key").asText()).isEqualTo("out/run-1/manifest.json");
        JsonNode manifest = JSON.readTree(buckets().get("contract-map", "out/run-1/manifest.json"));
        assertThat(manifest.at("/ResultFiles/SUCCEEDED/0/Size").asInt())
                .isEqualTo(buckets().get("contract-map", "out/run-1/SUCCEEDED_0.json").length);
        assertThat(buckets().list("contract-map", "out/", Optional.empty()).objects())
                .extracting(Buckets.ObjectSummary::key).containsExactly("out/run-1/SUCCEEDED_0.json", "out/run-1/manifest.json");
    }
}
