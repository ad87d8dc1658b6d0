package io.stepwise.server;

import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.w3c.dom.Element;

/**
 * Multipart uploads: CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload, ListParts. Each
 * part is a blob of its own until completion concatenates the chosen ones into the object's; the ETag is S3's, the MD5
 * of the parts' binary MD5s followed by {@code -<number of parts>}.
 */
final class S3Multipart {
    static final long MIN_PART_BYTES = 5L << 20;
    private static final int MAX_PARTS = 10_000;
    private final ObjectStore store;

    S3Multipart(ObjectStore store) {
        this.store = store;
    }

    void create(Context ctx, String bucket, String key) {
        String uploadId = store.createUpload(bucket, key, S3Objects.contentType(ctx), S3Objects.metadata(ctx));
        ctx.contentType("application/xml").result(S3Xml.document("InitiateMultipartUploadResult").element("Bucket", bucket)
                .element("Key", key).element("UploadId", uploadId).done());
    }

    void uploadPart(Context ctx, String bucket, String key) {
        int number = partNumber(ctx.queryParam("partNumber"));
        var upload = store.upload(bucket, key, uploadId(ctx));
        var written = S3Objects.write(ctx, store);
        store.putPart(upload, number, written);
        ctx.header("ETag", written.etag());
    }

    void complete(Context ctx, String bucket, String key) {
        var upload = store.upload(bucket, key, uploadId(ctx));
        Element request = S3Xml.parse(S3Api.smallBody(ctx));
        List<Element> listed = S3Xml.children(request, "Part");
        if (listed.isEmpty()) throw S3Error.malformedXml();
        Map<Integer, ObjectStore.Part> uploaded = store.parts(upload.uploadId()).stream()
                .collect(Collectors.toMap(ObjectStore.Part::number, Function.identity()));
        List<ObjectStore.Part> chosen = new ArrayList<>();
        for (Element p : listed) {
            int number = partNumber(S3Xml.child(p, "PartNumber"));
            if (!chosen.isEmpty() && number <= chosen.getLast().number()) {
                throw S3Error.of("InvalidPartOrder", 400, "The list of parts was not in ascending order. The parts list must be "
                        + "specified in order by part number.");
            }
            var part = uploaded.get(number);
            if (part == null || !unquoted(part.etag()).equals(unquoted(S3Xml.child(p, "ETag")))) {
                throw S3Error.of("InvalidPart", 400, "One or more of the specified parts could not be found. The part may not have "
                        + "been uploaded, or the specified entity tag may not match the part's entity tag.");
            }
            chosen.add(part);
        }
        for (var part : chosen.subList(0, chosen.size() - 1)) {
            if (part.size() < MIN_PART_BYTES) {
                throw S3Error.of("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size: part "
                        + part.number() + " is " + part.size() + " bytes, and every part but the last must be at least 5 MiB");
            }
        }
        var info = store.complete(upload, chosen, etag(chosen));
        ctx.contentType("application/xml").result(S3Xml.document("CompleteMultipartUploadResult")
                .element("Location", ctx.scheme() + "://" + ctx.host() + "/" + bucket + "/" + key).element("Bucket", bucket)
                .element("Key", key).element("ETag", info.etag()).done());
    }

    void abort(Context ctx, String bucket, String key) {
        store.endUpload(store.upload(bucket, key, uploadId(ctx)));
        ctx.status(204);
    }

    void listParts(Context ctx, String bucket, String key) {
        var upload = store.upload(bucket, key, uploadId(ctx));
        S3Xml xml = S3Xml.document("ListPartsResult").element("Bucket", bucket).element("Key", key)
                .element("UploadId", upload.uploadId()).element("PartNumberMarker", 0).element("MaxParts", MAX_PARTS)
                .element("IsTruncated", false).element("StorageClass", "STANDARD");
        for (var part : store.parts(upload.uploadId())) {
            xml.start("Part").element("PartNumber", part.number()).element("ETag", part.etag()).element("Size", part.size()).end();
        }
        ctx.contentType("application/xml").result(xml.done());
    }

    /** ListMultipartUploads: with {@code prefix}, up to {@code max-uploads} (1,000 at most); no markers, no delimiter. */
    void listUploads(Context ctx, String bucket) {
        String prefix = ctx.queryParam("prefix") == null ? "" : ctx.queryParam("prefix");
        int max;
        try {
            max = ctx.queryParam("max-uploads") == null ? 1000 : Math.min(1000, Integer.parseInt(ctx.queryParam("max-uploads")));
            if (max < 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw S3Error.invalidArgument("max-uploads must be a non-negative integer");
        }
        var uploads = store.uploads(bucket, prefix, max + 1);
        S3Xml xml = S3Xml.document("ListMultipartUploadsResult").element("Bucket", bucket).element("KeyMarker", "")
                .element("UploadIdMarker", "").element("Prefix", prefix).element("MaxUploads", max)
                .element("IsTruncated", uploads.size() > max);
        for (var u : uploads.subList(0, Math.min(max, uploads.size()))) {
            xml.start("Upload").element("Key", u.key()).element("UploadId", u.uploadId())
                    .element("Initiated", S3Xml.timestamp(u.initiated())).element("StorageClass", "STANDARD").end();
        }
        ctx.contentType("application/xml").result(xml.done());
    }

    /** S3's multipart ETag: {@code "<hex MD5 of the concatenated binary part MD5s>-<parts>"}. */
    static String etag(List<ObjectStore.Part> parts) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            for (var part : parts) md5.update(HexFormat.of().parseHex(unquoted(part.etag())));
            return "\"" + HexFormat.of().formatHex(md5.digest()) + "-" + parts.size() + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String uploadId(Context ctx) {
        String id = ctx.queryParam("uploadId");
        if (id == null || id.isEmpty()) throw S3Error.invalidArgument("This operation needs an uploadId");
        return id;
    }

    private static int partNumber(String text) {
        try {
            int n = Integer.parseInt(text == null ? "" : text.strip());
            if (n < 1 || n > MAX_PARTS) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw S3Error.invalidArgument("Part number must be an integer between 1 and " + MAX_PARTS + ", inclusive");
        }
    }

    private static String unquoted(String etag) {
        return etag.replace("\"", "").strip();
    }
}
