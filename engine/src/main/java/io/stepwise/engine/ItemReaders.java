package io.stepwise.engine;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.asl.StatesError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A distributed Map's ItemReader: reads the items of its S3 dataset through {@link Buckets}, given the ItemReader
 * with its Parameters (or Arguments) and ReaderConfig already evaluated (MaxItemsPath resolved into MaxItems). It
 * follows the "ItemReader (Map)" page of the Step Functions developer guide:
 * <ul>
 *   <li>{@code s3:getObject} with InputType JSON (the default: an array, or an object whose values are the items,
 *       optionally at an ItemsPointer), JSONL, CSV (see {@link ItemFiles}) or MANIFEST (an S3 inventory's
 *       manifest.json: the rows of its CSV data files, keyed by its fileSchema, every value a string); ManifestType
 *       S3_INVENTORY likewise, and ATHENA_DATA (an UNLOAD manifest listing files of InputType CSV or JSONL);</li>
 *   <li>{@code s3:listObjectsV2} with Bucket and Prefix: every page, one item per object,
 *       {@code {"Etag","Key","LastModified" (epoch seconds),"Size","StorageClass"}} as the guide shows; with
 *       Transformation LOAD_AND_FLATTEN the items of each listed object instead (folder objects skipped);</li>
 *   <li>objects whose key ends in {@code .gz} or {@code .gzip} are gunzipped first;</li>
 *   <li>MaxItems reads only the first N (0: no limit; at most 100,000,000);</li>
 *   <li>an item is read up to 8 MB (the child input's 256 KiB limit applies after ItemSelector, by the caller).</li>
 * </ul>
 * Every failure is {@code States.ItemReaderFailed}; an S3 error carries S3's message and code. Departures: ZSTD and
 * Parquet are refused; VersionId and ExpectedBucketOwner are ignored; a JSON object's keys are not returned
 * ({@code $$.Map.Item.Key}); the causes are AWS's words only where noted, AWS publishing few of them.
 */
public final class ItemReaders {
    static final String FAILED = "States.ItemReaderFailed";
    /** "Step Functions supports reading an item of up to 8 MB" (then reduced by ItemSelector to 256 KiB). */
    static final int MAX_ITEM_BYTES = 8 * 1024 * 1024;

    private ItemReaders() {}

    /** The items, in the dataset's order; {@code itemReader} is the state's evaluated ItemReader object. */
    public static List<JsonNode> read(Buckets buckets, JsonNode itemReader) throws StatesError {
        ItemSource source = ItemSource.parse(itemReader);
        Items items = new Items(source.maxItems());
        switch (source.dataset()) {
            case ItemSource.ObjectFile f -> ItemFiles.read(object(buckets, f.bucket(), f.key()), f.key(), f.format(), items);
            case ItemSource.Inventory i -> Manifests.inventory(buckets, i, items);
            case ItemSource.AthenaManifest a -> Manifests.athena(buckets, a, items);
            case ItemSource.ObjectList l -> list(buckets, l, items);
        }
        return items.list;
    }

    private static void list(Buckets buckets, ItemSource.ObjectList l, Items items) throws StatesError {
        Optional<String> page = Optional.empty();
        do {
            Buckets.Listing listing;
            try {
                listing = buckets.list(l.bucket(), l.prefix(), page);
            } catch (Buckets.BucketError e) {
                throw failed(s3Cause(e));
            }
            for (Buckets.ObjectSummary o : listing.objects()) {
                if (items.full()) return;
                if (l.load().isEmpty()) {
                    items.add(Json.MAPPER.createObjectNode().put("Etag", o.etag()).put("Key", o.key())
                            .put("LastModified", o.lastModified().getEpochSecond()).put("Size", o.size())
                            .put("StorageClass", o.storageClass()), 0);
                } else if (!(o.key().endsWith("/") && o.size() == 0)) {   // a "folder" the S3 console made
                    ItemFiles.read(object(buckets, l.bucket(), o.key()), o.key(), l.load().get(), items);
                }
            }
            page = listing.next();
        } while (page.isPresent() && !items.full());
    }

    /** An object's bytes, gunzipped when its key says GZIP. */
    static byte[] object(Buckets buckets, String bucket, String key) throws StatesError {
        byte[] bytes;
        try {
            bytes = buckets.get(bucket, key);
        } catch (Buckets.BucketError e) {
            throw failed(s3Cause(e));
        }
        String name = key.toLowerCase(Locale.ROOT);
        if (name.endsWith(".zst") || name.endsWith(".zstd")) {
            throw failed("Stepwise does not decompress ZSTD files: " + key);
        }
        if (!name.endsWith(".gz") && !name.endsWith(".gzip")) return bytes;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw failed("The object " + key + " is not valid GZIP: " + e.getMessage());
        }
    }

    /** S3's message and error code, as the SDK words them (Step Functions' own cause adds request ids). */
    static String s3Cause(Buckets.BucketError e) {
        return e.getMessage() + " (Service: Amazon S3; Error Code: " + e.code() + ")";
    }

    static StatesError failed(String cause) {
        return new StatesError(FAILED, cause);
    }

    /** The items read so far, up to MaxItems. */
    static final class Items {
        private final long max;
        private final List<JsonNode> list = new ArrayList<>();

        Items(long max) { this.max = max; }

        boolean full() { return list.size() >= max; }

        /**
         * Adds an item read from a file of {@code sourceBytes}. Only an item from a file of more than about 1.3 MB
         * can be over 8 MB (JSON escapes at most sextuple a character; CSV headers add at most 10 KiB, so 128 KiB
         * of margin), so only those are measured.
         */
        void add(JsonNode item, long sourceBytes) throws StatesError {
            if (sourceBytes * 6 + 128 * 1024 > MAX_ITEM_BYTES) {
                int size = Json.text(item).getBytes(UTF_8).length;
                if (size > MAX_ITEM_BYTES) {
                    throw failed("The item at index " + list.size() + " is " + size + " bytes: Step Functions reads "
                            + "items of up to 8 MB (" + MAX_ITEM_BYTES + " bytes)");
                }
            }
            list.add(item);
        }
    }
}
