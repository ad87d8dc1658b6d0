-- The S3-compatible object API: buckets, object metadata (the bytes are files under <data>/objects/blobs), multipart
-- uploads and their parts. COLLATE "C" compares the UTF-8 bytes, so ORDER BY object_key is S3's order.
CREATE TABLE s3_buckets (
    name    TEXT PRIMARY KEY,
    created BIGINT  NOT NULL -- epoch ms
);

CREATE TABLE s3_objects (
    bucket        TEXT    NOT NULL REFERENCES s3_buckets (name),
    object_key    TEXT COLLATE "C" NOT NULL,
    size          BIGINT  NOT NULL,
    etag          TEXT    NOT NULL, -- quoted, as sent in the ETag header
    content_type  TEXT    NOT NULL,
    metadata      TEXT    NOT NULL, -- JSON: {"<name after x-amz-meta->": "<value>"}
    last_modified BIGINT  NOT NULL, -- epoch ms
    blob          TEXT    NOT NULL,
    PRIMARY KEY (bucket, object_key)
);

CREATE TABLE s3_uploads (
    upload_id    TEXT PRIMARY KEY,
    bucket       TEXT    NOT NULL REFERENCES s3_buckets (name),
    object_key   TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    metadata     TEXT    NOT NULL,
    initiated    BIGINT  NOT NULL
);

CREATE TABLE s3_parts (
    upload_id   TEXT    NOT NULL REFERENCES s3_uploads (upload_id) ON DELETE CASCADE,
    part_number INTEGER NOT NULL,
    size        BIGINT  NOT NULL,
    etag        TEXT    NOT NULL,
    blob        TEXT    NOT NULL,
    PRIMARY KEY (upload_id, part_number)
);
