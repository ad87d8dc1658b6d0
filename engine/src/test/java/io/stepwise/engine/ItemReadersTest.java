package io.stepwise.engine;

import static io.stepwise.engine.Harness.q;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.asl.StatesError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The datasets of an ItemReader: S3 objects and listings, manifests, MaxItems, and how each fails. */
class ItemReadersTest extends ItemReaderCase {
    @Test
    void a_get_object_reader_without_input_type_reads_a_json_array() throws StatesError {
        s3.object("data", "facts.json", q("[{'verdict': 'true'}, {'verdict': 'false'}, 3]"));
        assertThat(read("{'Resource': 'arn:aws:states:::s3:getObject', 'Parameters': {'Bucket': 'data', "
                + "'Key': 'facts.json'}}")).isEqualTo(q("[{'verdict':'true'},{'verdict':'false'},3]"));
    }

    @Test
    void a_jsonata_reader_gives_its_bucket_and_key_in_arguments() throws StatesError {
        s3.object("data", "a.json", "[1, 2]");
        assertThat(read("{'Resource': 'arn:aws:states:::s3:getObject', 'Arguments': {'Bucket': 'data', "
                + "'Key': 'a.json'}, 'ReaderConfig': {'InputType': 'JSON'}}")).isEqualTo("[1,2]");
    }

    @Test
    void max_items_reads_only_the_first_items_and_zero_means_no_limit() throws StatesError {
        s3.object("data", "n.json", "[1, 2, 3, 4]");
        assertThat(read(getObject("n.json", "{'MaxItems': 2}"))).isEqualTo("[1,2]");
        assertThat(read(getObject("n.json", "{'MaxItems': 0}"))).isEqualTo("[1,2,3,4]");
        assertThat(read(getObject("n.json", "{'MaxItems': 200000000}"))).isEqualTo("[1,2,3,4]");
    }

    @Test
    void a_negative_or_fractional_max_items_fails_the_reader() {
        s3.object("data", "n.json", "[1]");
        fails(getObject("n.json", "{'MaxItems': -1}"), "field MaxItems must be positive");
        fails(getObject("n.json", "{'MaxItems': 1.5}"), "field MaxItems must be an integer, not 1.5");
    }

    @Test
    void a_list_objects_reader_gives_each_objects_metadata_across_every_page() throws StatesError {
        for (String key : List.of("in/a", "in/b", "in/c", "in/d", "in/e", "other")) s3.object("data", key, "x");
        String etag = MemoryBuckets.etag("x".getBytes(UTF_8)).replace("\"", "\\'");
        long modified = MemoryBuckets.MODIFIED.getEpochSecond();
        assertThat(read(listObjects("in/", "{}"))).startsWith(q("[{'Etag':'" + etag + "','Key':'in/a','LastModified':"
                + modified + ",'Size':1,'StorageClass':'STANDARD'},{'Etag'")).contains(q("'Key':'in/e'"))
                .doesNotContain("other");
        assertThat(s3.calls).containsExactly("list data/in/", "list data/in/ after in/b", "list data/in/ after in/d");
    }

    @Test
    void max_items_stops_listing_once_it_has_enough_items() throws StatesError {
        for (String key : List.of("a", "b", "c", "d", "e")) s3.object("data", key, "x");
        assertThat(read(listObjects("", "{'MaxItems': 3}"))).contains(q("'Key':'c'")).doesNotContain(q("'Key':'d'"));
        assertThat(s3.calls).containsExactly("list data/", "list data/ after b");
    }

    @Test
    void load_and_flatten_reads_the_items_of_every_listed_object_but_not_folders() throws StatesError {
        s3.object("data", "logs/", "").object("data", "logs/1.jsonl", "{'n':1}\n{'n':2}".replace('\'', '"'))
                .object("data", "logs/2.jsonl", q("{'n':3}"));
        assertThat(read(listObjects("logs/", "{'InputType': 'JSONL', 'Transformation': 'LOAD_AND_FLATTEN'}")))
                .isEqualTo(q("[{'n':1},{'n':2},{'n':3}]"));
        fails(listObjects("logs/", "{'Transformation': 'LOAD_AND_FLATTEN'}"),
                "ReaderConfig Transformation LOAD_AND_FLATTEN needs an InputType");
        fails(listObjects("logs/", "{'Transformation': 'LOAD_AND_FLATTEN', 'InputType': 'MANIFEST'}"), "ReaderConfig "
                + "InputType MANIFEST is read through arn:aws:states:::s3:getObject alone, without ManifestType");
    }

    @Test
    void a_gzipped_object_is_read_through_its_compression() throws Exception {
        s3.object("data", "items.jsonl.gz", gzip("{\"a\":1}\n{\"a\":2}\n"));
        assertThat(read(getObject("items.jsonl.gz", "{'InputType': 'JSONL'}"))).isEqualTo(q("[{'a':1},{'a':2}]"));
        s3.object("data", "broken.json.gz", "not gzip");
        assertThatThrownBy(() -> read(getObject("broken.json.gz", "{}"))).isInstanceOfSatisfying(StatesError.class,
                e -> assertThat(e.cause()).startsWith("The object broken.json.gz is not valid GZIP"));
    }

    @Test
    void zstd_and_parquet_are_refused_with_what_stepwise_cannot_read() {
        s3.object("data", "a.csv.zstd", "x").object("data", "a.parquet", "x");
        fails(getObject("a.csv.zstd", "{'InputType': 'CSV'}"), "Stepwise does not decompress ZSTD files: a.csv.zstd");
        fails(getObject("a.parquet", "{'InputType': 'PARQUET'}"),
                "Stepwise does not read Parquet files (InputType PARQUET): a.parquet");
    }

    @Test
    void an_s3_inventory_manifest_yields_the_rows_of_its_gzipped_csv_files_keyed_by_its_schema() throws Exception {
        s3.bucket("inventory").object("inventory", "src/cfg/2026-01-01T00-00Z/manifest.json", q("{'sourceBucket': "
                + "'data', 'destinationBucket': 'arn:aws:s3:::inventory', 'fileFormat': 'CSV', 'fileSchema': "
                + "'Bucket, Key, Size, LastModifiedDate', 'files': [{'key': 'src/cfg/data/1.csv.gz', 'size': 1}, "
                + "{'key': 'src/cfg/data/2.csv.gz', 'size': 1}]}"));
        s3.object("inventory", "src/cfg/data/1.csv.gz", gzip("\"data\",\"csvDataset/\",\"0\",\"2022-11-16T00:27:19.000Z\"\n"
                + "\"data\",\"csvDataset/titles.csv\",\"3399671\",\"2022-11-16T00:29:32.000Z\"\n"));
        s3.object("inventory", "src/cfg/data/2.csv.gz", gzip("\"data\",\"img/a.jpg\",\"27034\",\"2022-11-15T20:02:16.000Z\"\n"));
        String reader = "{'Resource': 'arn:aws:states:::s3:getObject', 'Parameters': {'Bucket': 'inventory', 'Key': "
                + "'src/cfg/2026-01-01T00-00Z/manifest.json'}, 'ReaderConfig': {'InputType': 'MANIFEST'}}";
        assertThat(read(reader)).isEqualTo(q("[{'Bucket':'data','Key':'csvDataset/','Size':'0','LastModifiedDate':"
                + "'2022-11-16T00:27:19.000Z'},{'Bucket':'data','Key':'csvDataset/titles.csv','Size':'3399671',"
                + "'LastModifiedDate':'2022-11-16T00:29:32.000Z'},{'Bucket':'data','Key':'img/a.jpg','Size':'27034',"
                + "'LastModifiedDate':'2022-11-15T20:02:16.000Z'}]"));
        assertThat(read(reader.replace("'InputType': 'MANIFEST'", "'ManifestType': 'S3_INVENTORY', 'MaxItems': 1")))
                .isEqualTo(q("[{'Bucket':'data','Key':'csvDataset/','Size':'0','LastModifiedDate':"
                        + "'2022-11-16T00:27:19.000Z'}]"));
        fails(reader.replace("'InputType': 'MANIFEST'", "'ManifestType': 'S3_INVENTORY', 'InputType': 'CSV'"),
                "ReaderConfig InputType must not be given with ManifestType S3_INVENTORY");
    }

    @Test
    void an_inventory_report_in_another_format_than_csv_is_refused() {
        s3.object("data", "manifest.json", q("{'fileFormat': 'Parquet', 'fileSchema': 'message s3.inventory {}', "
                + "'files': []}"));
        fails(getObject("manifest.json", "{'InputType': 'MANIFEST'}"), "The S3 inventory manifest manifest.json has "
                + "fileFormat Parquet: Step Functions reads CSV inventory reports only");
    }

    @Test
    void an_athena_manifest_yields_the_items_of_the_files_it_lists() throws StatesError {
        s3.bucket("results").object("results", "q/1.jsonl", q("{'id':1}\n{'id':2}"))
                .object("results", "q/2.jsonl", q("{'id':3}"));
        s3.object("data", "q-manifest.csv", "s3://results/q/1.jsonl\ns3://results/q/2.jsonl\n");
        assertThat(read(getObject("q-manifest.csv", "{'ManifestType': 'ATHENA_DATA', 'InputType': 'JSONL'}")))
                .isEqualTo(q("[{'id':1},{'id':2},{'id':3}]"));
        s3.object("data", "bad-manifest.csv", "results/q/1.jsonl\n");
        fails(getObject("bad-manifest.csv", "{'ManifestType': 'ATHENA_DATA', 'InputType': 'JSONL'}"),
                "The Athena manifest bad-manifest.csv lists results/q/1.jsonl, which is not an s3:// URI of an object");
    }

    @Test
    void a_missing_bucket_or_key_fails_with_s3s_error() {
        fails(getObject("nothing.json", "{}"),
                "The specified key does not exist. (Service: Amazon S3; Error Code: NoSuchKey)");
        fails(getObject("x", "{}").replace("'Bucket': 'data'", "'Bucket': 'gone'"),
                "The specified bucket does not exist (Service: Amazon S3; Error Code: NoSuchBucket)");
        fails(listObjects("", "{}").replace("'Bucket': 'data'", "'Bucket': 'gone'"),
                "The specified bucket does not exist (Service: Amazon S3; Error Code: NoSuchBucket)");
    }

    @Test
    void a_bad_reader_configuration_fails_with_what_is_wrong() {
        s3.object("data", "a.json", "[]");
        fails(getObject("a.json", "{'InputType': 'XML'}"),
                "ReaderConfig InputType must be one of CSV, JSON, JSONL, PARQUET, MANIFEST, not XML");
        fails(getObject("a.json", "{'InputType': 3}"), "ReaderConfig field InputType must be a string, not 3");
        fails(getObject("a.json", "{'ManifestType': 'ORC'}"),
                "ReaderConfig ManifestType must be one of ATHENA_DATA, S3_INVENTORY, not ORC");
        fails(getObject("a.json", "{'Transformation': 'LOAD_AND_FLATTEN', 'InputType': 'JSON'}"),
                "ReaderConfig Transformation LOAD_AND_FLATTEN applies to arn:aws:states:::s3:listObjectsV2 only");
        fails(getObject("a.json", "{'InputType': 'CSV', 'ItemsPointer': '/x'}"),
                "ReaderConfig ItemsPointer applies to InputType JSON only");
        fails(getObject("a.json", "{}").replace("s3:getObject", "s3:selectObjectContent"), "The ItemReader's Resource "
                + "must be arn:aws:states:::s3:getObject or arn:aws:states:::s3:listObjectsV2, not "
                + "arn:aws:states:::s3:selectObjectContent");
        fails(getObject("a.json", "{}").replace("'Key': 'a.json'", "'Prefix': 'a'"),
                "The ItemReader's Parameters must give the Key");
    }

    @Test
    void an_item_over_8_mb_fails_the_reader_but_one_of_a_large_file_under_it_is_read() throws StatesError {
        String big = "x".repeat(ItemReaders.MAX_ITEM_BYTES);
        s3.object("data", "big.json", "[\"" + big + "\"]");
        fails(getObject("big.json", "{}"), "The item at index 0 is " + (ItemReaders.MAX_ITEM_BYTES + 2)
                + " bytes: Step Functions reads items of up to 8 MB (8388608 bytes)");
        s3.object("data", "fits.json", "[\"" + big.substring(10) + "\"]");
        assertThat(read(getObject("fits.json", "{}"))).hasSize(ItemReaders.MAX_ITEM_BYTES - 10 + 4);
    }
}
