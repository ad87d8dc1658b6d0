package io.stepwise.engine;

import static io.stepwise.engine.ItemReaders.failed;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.asl.StatesError;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * ItemReader datasets that list other objects: an S3 inventory report's {@code manifest.json} (its {@code files} are
 * CSV data files, usually gzipped, in its destination bucket, their columns named by {@code fileSchema}, e.g.
 * {@code "Bucket, Key, Size, LastModifiedDate"}), and an Athena UNLOAD manifest (one {@code s3://bucket/key} a line).
 */
final class Manifests {
    private static final String BUCKET_ARN = "arn:aws:s3:::";

    private Manifests() {}

    static void inventory(Buckets buckets, ItemSource.Inventory inventory, ItemReaders.Items items) throws StatesError {
        JsonNode manifest;
        try {
            manifest = Json.MAPPER.readTree(ItemReaders.object(buckets, inventory.bucket(), inventory.key()));
        } catch (IOException e) {
            throw failed("The S3 inventory manifest " + inventory.key() + " is not valid JSON");
        }
        String format = manifest.path("fileFormat").asText("");
        if (!format.equals("CSV")) {
            // "The output format of your Amazon S3 inventory report must be CSV."
            throw failed("The S3 inventory manifest " + inventory.key() + " has fileFormat "
                    + (format.isEmpty() ? "missing" : format) + ": Step Functions reads CSV inventory reports only");
        }
        List<String> columns = Arrays.stream(manifest.path("fileSchema").asText("").split(",")).map(String::trim).toList();
        if (columns.stream().anyMatch(String::isEmpty)) {
            throw failed("The S3 inventory manifest " + inventory.key() + " has no valid fileSchema");
        }
        String destination = manifest.path("destinationBucket").asText(inventory.bucket());
        String bucket = destination.startsWith(BUCKET_ARN) ? destination.substring(BUCKET_ARN.length()) : destination;
        for (JsonNode file : manifest.path("files")) {
            if (items.full()) return;
            String key = file.path("key").asText("");
            if (key.isEmpty()) throw failed("The S3 inventory manifest " + inventory.key() + " lists a file without a key");
            ItemFiles.csv(ItemReaders.object(buckets, bucket, key), key, inventory.delimiter(), Optional.of(columns), items);
        }
    }

    static void athena(Buckets buckets, ItemSource.AthenaManifest manifest, ItemReaders.Items items) throws StatesError {
        String text = new String(ItemReaders.object(buckets, manifest.bucket(), manifest.key()), UTF_8);
        for (Iterator<String> lines = text.lines().iterator(); lines.hasNext() && !items.full(); ) {
            String uri = lines.next().strip();
            if (uri.isEmpty()) continue;
            int slash = uri.indexOf('/', 5);
            if (!uri.startsWith("s3://") || slash < 6 || slash == uri.length() - 1) {
                throw failed("The Athena manifest " + manifest.key() + " lists " + uri + ", which is not an s3:// URI of "
                        + "an object");
            }
            String bucket = uri.substring(5, slash);
            String key = uri.substring(slash + 1);
            ItemFiles.read(ItemReaders.object(buckets, bucket, key), key, manifest.format(), items);
        }
    }
}
