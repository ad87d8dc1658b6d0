package io.stepwise.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Buckets and objects for {@link S3Api}: metadata in the store (migration set {@code objects}), bytes in files under
 * {@code <data>/objects/blobs}. A body is streamed to {@code objects/tmp}, renamed into {@code blobs} under a new random
 * name, and only then committed in a row that names it: a crash leaves at worst an unreferenced blob, never a row
 * without its bytes or half an object. A replaced or deleted object's blob is removed after the commit.
 */
final class ObjectStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OBJECT_COLUMNS = "bucket, object_key, size, etag, content_type, metadata, last_modified, blob";
    private final Database db;
    private final Path blobs;
    private final Path tmp;
    private final InstantSource clock;

    record ObjectInfo(String bucket, String key, long size, String etag, String contentType, Map<String, String> metadata,
                      Instant lastModified, String blob) {}

    record Bucket(String name, Instant created) {}

    record Upload(String uploadId, String bucket, String key, String contentType, Map<String, String> metadata) {}

    record Part(int number, long size, String etag, String blob) {}

    /** A body written to a blob file: its size and the hex MD5 of its bytes. */
    record Written(String blob, long size, byte[] md5) {
        String etag() {
            return "\"" + HexFormat.of().formatHex(md5) + "\"";
        }
    }

    ObjectStore(Database db, Path dataDir, InstantSource clock) {
        this.db = db;
        this.blobs = dataDir.resolve("objects").resolve("blobs");
        this.tmp = dataDir.resolve("objects").resolve("tmp");
        this.clock = clock;
        db.migrate("objects");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(tmp);
            sweep();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a crash can leave behind: bodies half-written to {@code tmp}, and blobs renamed into place whose row was never
     * committed. Neither is visible; both are deleted when the store opens.
     */
    private void sweep() throws IOException {
        try (var files = Files.list(tmp)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
        }
        Set<String> referenced = new HashSet<>(db.read(c -> {
            List<String> names = new ArrayList<>(query(c, "SELECT blob FROM s3_objects", r -> r.getString(1)));
            names.addAll(query(c, "SELECT blob FROM s3_parts", r -> r.getString(1)));
            return names;
        }));
        try (var files = Files.list(blobs)) {
            for (Path f : files.toList()) {
                if (!referenced.contains(f.getFileName().toString())) Files.deleteIfExists(f);
            }
        }
    }

    Path blob(String name) {
        return blobs.resolve(name);
    }

    // ---- buckets

    boolean createBucket(String name) {
        return db.transaction(c -> {
            if (bucket(c, name).isPresent()) return false;
            update(c, "INSERT INTO s3_buckets (name, created) VALUES (?, ?)", name, clock.millis());
            return true;
        });
    }

    Optional<Bucket> bucket(String name) {
        return db.read(c -> bucket(c, name));
    }

    private static Optional<Bucket> bucket(Connection c, String name) throws SQLException {
        return query(c, "SELECT name, created FROM s3_buckets WHERE name = ?", ObjectStore::bucket, name).stream().findFirst();
    }

    List<Bucket> buckets() {
        return db.read(c -> query(c, "SELECT name, created FROM s3_buckets ORDER BY name", ObjectStore::bucket));
    }

    void deleteBucket(String name) {
        db.transaction(c -> {
            requireBucket(c, name);
            if (!query(c, "SELECT 1 FROM s3_objects WHERE bucket = ? LIMIT 1", r -> 1, name).isEmpty()) throw S3Error.notEmpty(name);
            List<String> parts = query(c, "SELECT p.blob FROM s3_parts p JOIN s3_uploads u ON u.upload_id = p.upload_id WHERE u.bucket = ?",
                    r -> r.getString(1), name);
            update(c, "DELETE FROM s3_parts WHERE upload_id IN (SELECT upload_id FROM s3_uploads WHERE bucket = ?)", name);
            update(c, "DELETE FROM s3_uploads WHERE bucket = ?", name);
            update(c, "DELETE FROM s3_buckets WHERE name = ?", name);
            return parts;
        }).forEach(this::deleteBlob);
    }

    private static void requireBucket(Connection c, String bucket) throws SQLException {
        if (bucket(c, bucket).isEmpty()) throw S3Error.noSuchBucket(bucket);
    }

    // ---- objects

    /** Streams {@code body} into a new blob (temp file, then rename); {@code maxBytes} bounds it. */
    Written write(InputStream body, long maxBytes) {
        Path file = tmp.resolve(UUID.randomUUID().toString());
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), md5)) {
                size = copy(body, out, maxBytes);
            }
            String name = UUID.randomUUID().toString();
            Files.move(file, blobs.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            return new Written(name, size, md5.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file: the next start's sweep of tmp is not needed for correctness
            }
        }
    }

    private static long copy(InputStream in, OutputStream out, long maxBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > maxBytes) {
                throw S3Error.of("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size (" + maxBytes + " bytes)");
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    /** Commits an object whose bytes are in {@code written}, replacing any of that key. */
    ObjectInfo put(String bucket, String key, Written written, String etag, String contentType, Map<String, String> metadata) {
        var info = new ObjectInfo(bucket, key, written.size(), etag, contentType, metadata, Instant.ofEpochMilli(clock.millis()),
                written.blob());
        commit(written, c -> {
            requireBucket(c, bucket);
            return insert(c, info).stream().toList();
        });
        return info;
    }

    /**
     * Completes a multipart upload: the chosen parts' bytes, in order, become the object's (a new blob), and the upload
     * with all its parts goes.
     */
    ObjectInfo complete(Upload upload, List<Part> chosen, String etag) {
        List<InputStream> streams = new ArrayList<>();
        try {
            for (Part p : chosen) streams.add(Files.newInputStream(blob(p.blob())));
        } catch (NoSuchFileException e) {   // completed or aborted meanwhile
            streams.forEach(ObjectStore::closeQuietly);
            throw S3Error.noSuchUpload(upload.uploadId());
        } catch (IOException e) {
            streams.forEach(ObjectStore::closeQuietly);
            throw new UncheckedIOException(e);
        }
        Written written;
        try (var all = new SequenceInputStream(Collections.enumeration(streams))) {
            written = write(all, Long.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var info = new ObjectInfo(upload.bucket(), upload.key(), written.size(), etag, upload.contentType(), upload.metadata(),
                Instant.ofEpochMilli(clock.millis()), written.blob());
        commit(written, c -> {
            upload(c, upload.bucket(), upload.key(), upload.uploadId());
            List<String> gone = new ArrayList<>(parts(c, upload.uploadId()).stream().map(Part::blob).toList());
            update(c, "DELETE FROM s3_parts WHERE upload_id = ?", upload.uploadId());
            update(c, "DELETE FROM s3_uploads WHERE upload_id = ?", upload.uploadId());
            insert(c, info).ifPresent(gone::add);
            return gone;
        });
        return info;
    }

    /** Runs {@code work}, which refers to {@code written}'s blob; then deletes the blobs it returns (or, failing, that one). */
    private void commit(Written written, Database.Work<List<String>> work) {
        List<String> unreferenced;
        try {
            unreferenced = db.transaction(work);
        } catch (RuntimeException e) {
            deleteBlob(written.blob());
            throw e;
        }
        unreferenced.forEach(this::deleteBlob);
    }

    /** Inserts or replaces; the replaced object's blob. */
    private static Optional<String> insert(Connection c, ObjectInfo info) throws SQLException {
        Optional<String> old = object(c, info.bucket(), info.key()).map(ObjectInfo::blob);
        update(c, "DELETE FROM s3_objects WHERE bucket = ? AND object_key = ?", info.bucket(), info.key());
        update(c, "INSERT INTO s3_objects (" + OBJECT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", info.bucket(), info.key(),
                info.size(), info.etag(), info.contentType(), json(info.metadata()), info.lastModified().toEpochMilli(), info.blob());
        return old;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // reading only
        }
    }

    Optional<ObjectInfo> object(String bucket, String key) {
        return db.read(c -> {
            requireBucket(c, bucket);
            return object(c, bucket, key);
        });
    }

    private static Optional<ObjectInfo> object(Connection c, String bucket, String key) throws SQLException {
        return query(c, "SELECT " + OBJECT_COLUMNS + " FROM s3_objects WHERE bucket = ? AND object_key = ?", ObjectStore::object,
                bucket, key).stream().findFirst();
    }

    /** Up to {@code max} objects of the bucket whose keys are after {@code after} and start with {@code prefix}, by key. */
    List<ObjectInfo> list(String bucket, String prefix, String after, int max) {
        return db.read(c -> {
            requireBucket(c, bucket);
            String from = after.compareTo(prefix) > 0 ? after : prefix;
            String op = after.compareTo(prefix) > 0 ? ">" : ">=";
            return query(c, "SELECT " + OBJECT_COLUMNS + " FROM s3_objects WHERE bucket = ? AND object_key " + op
                    + " ? ORDER BY object_key LIMIT ?", ObjectStore::object, bucket, from, max)
                    .stream().takeWhile(o -> o.key().startsWith(prefix)).toList();
        });
    }

    /** Removes the object if it exists (as S3, deleting a missing key is not an error). */
    void delete(String bucket, String key) {
        db.transaction(c -> {
            requireBucket(c, bucket);
            Optional<String> blob = object(c, bucket, key).map(ObjectInfo::blob);
            update(c, "DELETE FROM s3_objects WHERE bucket = ? AND object_key = ?", bucket, key);
            return blob;
        }).ifPresent(this::deleteBlob);
    }

    // ---- multipart uploads

    String createUpload(String bucket, String key, String contentType, Map<String, String> metadata) {
        String id = UUID.randomUUID().toString().replace("-", "");
        db.transaction(c -> {
            requireBucket(c, bucket);
            return update(c, "INSERT INTO s3_uploads (upload_id, bucket, object_key, content_type, metadata, initiated) VALUES (?, ?, ?, ?, ?, ?)",
                    id, bucket, key, contentType, json(metadata), clock.millis());
        });
        return id;
    }

    /** An unfinished upload as ListMultipartUploads shows it. */
    record PendingUpload(String key, String uploadId, Instant initiated) {}

    /** Up to {@code max} unfinished uploads of the bucket whose keys start with {@code prefix}, by key then start. */
    List<PendingUpload> uploads(String bucket, String prefix, int max) {
        return db.read(c -> {
            requireBucket(c, bucket);
            return query(c, "SELECT object_key, upload_id, initiated FROM s3_uploads WHERE bucket = ? ORDER BY object_key, initiated",
                    r -> new PendingUpload(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3))), bucket)
                    .stream().filter(u -> u.key().startsWith(prefix)).limit(max).toList();
        });
    }

    Upload upload(String bucket, String key, String uploadId) {
        return db.read(c -> upload(c, bucket, key, uploadId));
    }

    private static Upload upload(Connection c, String bucket, String key, String uploadId) throws SQLException {
        requireBucket(c, bucket);
        return query(c, "SELECT content_type, metadata FROM s3_uploads WHERE upload_id = ? AND bucket = ? AND object_key = ?",
                r -> new Upload(uploadId, bucket, key, r.getString(1), metadata(r.getString(2))), uploadId, bucket, key)
                .stream().findFirst().orElseThrow(() -> S3Error.noSuchUpload(uploadId));
    }

    void putPart(Upload upload, int number, Written written) {
        commit(written, c -> {
            upload(c, upload.bucket(), upload.key(), upload.uploadId());
            List<String> old = parts(c, upload.uploadId()).stream().filter(p -> p.number() == number).map(Part::blob).toList();
            update(c, "DELETE FROM s3_parts WHERE upload_id = ? AND part_number = ?", upload.uploadId(), number);
            update(c, "INSERT INTO s3_parts (upload_id, part_number, size, etag, blob) VALUES (?, ?, ?, ?, ?)",
                    upload.uploadId(), number, written.size(), written.etag(), written.blob());
            return old;
        });
    }

    List<Part> parts(String uploadId) {
        return db.read(c -> parts(c, uploadId));
    }

    private static List<Part> parts(Connection c, String uploadId) throws SQLException {
        return query(c, "SELECT part_number, size, etag, blob FROM s3_parts WHERE upload_id = ? ORDER BY part_number",
                r -> new Part(r.getInt(1), r.getLong(2), r.getString(3), r.getString(4)), uploadId);
    }

    /** Ends an upload: its rows go, and with them every part's blob (after the commit). */
    void endUpload(Upload upload) {
        db.transaction(c -> {
            upload(c, upload.bucket(), upload.key(), upload.uploadId());
            List<Part> parts = parts(c, upload.uploadId());
            update(c, "DELETE FROM s3_parts WHERE upload_id = ?", upload.uploadId());
            update(c, "DELETE FROM s3_uploads WHERE upload_id = ?", upload.uploadId());
            return parts;
        }).forEach(p -> deleteBlob(p.blob()));
    }

    /** Deletes a blob that no row refers to (a body refused after it was written). */
    void discard(Written written) {
        deleteBlob(written.blob());
    }

    // ---- rows

    private void deleteBlob(String name) {
        try {
            Files.deleteIfExists(blobs.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
            return s.executeUpdate();
        }
    }

    /** One row's value. */
    private interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private static <T> List<T> query(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
            try (ResultSet r = s.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (r.next()) out.add(row.read(r));
                return out;
            }
        }
    }

    private static Bucket bucket(ResultSet r) throws SQLException {
        return new Bucket(r.getString(1), Instant.ofEpochMilli(r.getLong(2)));
    }

    private static ObjectInfo object(ResultSet r) throws SQLException {
        return new ObjectInfo(r.getString(1), r.getString(2), r.getLong(3), r.getString(4), r.getString(5),
                metadata(r.getString(6)), Instant.ofEpochMilli(r.getLong(7)), r.getString(8));
    }

    private static String json(Map<String, String> metadata) {
        try {
            return JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> metadata(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
