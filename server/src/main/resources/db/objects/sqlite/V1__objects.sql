-- The S3-compatible object API: buckets, object metadata (the bytes are files under <data>/objects/blobs), multipart
-- uploads and their parts. SQLite compares TEXT with BINARY (memcmp of UTF-8), so ORDER BY object_key is S3's order.
CREATE TABLE s3_buckets (
    name    TEXT PRIMARY KEY,
    created INTEGER NOT NULL -- epoch ms
);

CREATE TABLE s3_objects (
    bucket        TEXT    NOT NULL REFERENCES s3_buckets (name),
    object_key    TEXT    NOT NULL,
    size          INTEGER NOT NULL,
    etag          TEXT    NOT NULL, -- quoted, as sent in the ETag header
    content_type  TEXT    NOT NULL,
    metadata      TEXT    NOT NULL, -- JSON: {"<name after x-amz-meta->": "<value>"}
    last_modified INTEGER NOT NULL, -- epoch ms
    blob          TEXT    NOT NULL,
    PRIMARY KEY (bucket, object_key)
);

CREATE TABLE s3_uploads (
    upload_id    TEXT PRIMARY KEY,
    bucket       TEXT    NOT NULL REFERENCES s3_buckets (name),
    object_key   TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    metadata     TEXT    NOT NULL,
    initiated    INTEGER NOT NULL
);

CREATE TABLE s3_parts (
    upload_id   TEXT    NOT NULL REFERENCES s3_uploads (upload_id) ON DELETE CASCADE,
    part_number INTEGER NOT NULL,
    size        INTEGER NOT NULL,
    etag        TEXT    NOT NULL,
    blob        TEXT    NOT NULL,
    PRIMARY KEY (upload_id, part_number)
);
