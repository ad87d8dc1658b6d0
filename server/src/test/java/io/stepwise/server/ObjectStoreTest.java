package io.stepwise.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.store.Database;
import io.stepwise.store.Dialect;
import io.stepwise.store.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The S3 API's store on a fresh SQLite store and on a fresh PostgreSQL database: order, blobs, restarts. */
@ParameterizedClass(name = "on {0}")
@EnumSource(Dialect.class)
class ObjectStoreTest {
    @Parameter
    Dialect dialect;
    TestDatabase fixture;
    Database db;
    ObjectStore store;

    @BeforeEach
    void open() {
        fixture = TestDatabase.create(dialect);
        db = fixture.open();
        store = new ObjectStore(db, fixture.dataDir(), Clock.systemUTC());
        store.createBucket("b");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    ObjectStore.ObjectInfo put(String key, String text) {
        var written = store.write(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1 << 20);
        return store.put("b", key, written, written.etag(), "text/plain", Map.of("m", key));
    }

    @Test
    void keys_are_listed_in_utf8_byte_order_whatever_the_databases_collation() {
        List<String> keys = List.of("b", "a b", "a+b", "B", "é", "e\u0301", "\uD83D\uDE00", "\uFF5E", "Z", "a/b", "a.b");
        keys.forEach(k -> put(k, k));

        List<String> listed = store.list("b", "", "", 100).stream().map(ObjectStore.ObjectInfo::key).toList();

        assertThat(listed).containsExactly("B", "Z", "a b", "a+b", "a.b", "a/b", "b", "e\u0301", "é", "\uFF5E", "\uD83D\uDE00");
        assertThat(store.list("b", "a", "a+b", 100)).extracting(ObjectStore.ObjectInfo::key).containsExactly("a.b", "a/b");
    }

    @Test
    void a_replaced_or_deleted_object_leaves_no_blob_behind() throws Exception {
        var first = put("k", "one");
        var second = put("k", "two");

        assertThat(Files.exists(store.blob(first.blob()))).isFalse();
        assertThat(Files.readString(store.blob(second.blob()))).isEqualTo("two");
        store.delete("b", "k");
        assertThat(Files.exists(store.blob(second.blob()))).isFalse();
        assertThat(store.object("b", "k")).isEmpty();
    }

    @Test
    void completing_an_upload_joins_its_parts_and_removes_their_blobs() throws Exception {
        var upload = store.upload("b", "joined", store.createUpload("b", "joined", "text/plain", Map.of()));
        for (int n = 1; n <= 2; n++) {
            store.putPart(upload, n, store.write(new ByteArrayInputStream(("part" + n).getBytes(StandardCharsets.UTF_8)), 1 << 20));
        }
        var parts = store.parts(upload.uploadId());

        var info = store.complete(upload, parts, S3Multipart.etag(parts));

        assertThat(Files.readString(store.blob(info.blob()))).isEqualTo("part1part2");
        assertThat(parts).allSatisfy(p -> assertThat(Files.exists(store.blob(p.blob()))).isFalse());
        assertThat(store.parts(upload.uploadId())).isEmpty();
        assertThatThrownBy(() -> store.upload("b", "joined", upload.uploadId())).isInstanceOf(S3Error.class)
                .extracting(e -> ((S3Error) e).code()).isEqualTo("NoSuchUpload");
    }

    @Test
    void a_blob_no_row_refers_to_is_swept_when_the_store_opens() throws Exception {
        var kept = put("kept", "bytes");
        var orphan = store.write(new ByteArrayInputStream("never committed".getBytes(StandardCharsets.UTF_8)), 1 << 20);
        Files.writeString(fixture.dataDir().resolve("objects/tmp/half-written"), "half");

        new ObjectStore(db, fixture.dataDir(), Clock.systemUTC());

        assertThat(Files.exists(store.blob(orphan.blob()))).isFalse();
        assertThat(Files.exists(fixture.dataDir().resolve("objects/tmp/half-written"))).isFalse();
        assertThat(Files.readString(store.blob(kept.blob()))).isEqualTo("bytes");
    }

    @Test
    void objects_and_their_metadata_are_there_after_reopening_the_store() {
        put("kept", "bytes");
        db.close();

        var reopened = new ObjectStore(fixture.open(), fixture.dataDir(), Clock.systemUTC());

        var info = reopened.object("b", "kept").orElseThrow();
        assertThat(info.size()).isEqualTo(5);
        assertThat(info.metadata()).containsEntry("m", "kept");
        assertThat(reopened.buckets()).extracting(ObjectStore.Bucket::name).containsExactly("b");
    }
}
