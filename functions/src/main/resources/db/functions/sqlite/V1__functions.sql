-- Functions ($LATEST), their published versions (immutable snapshots), aliases, the Event invocation queue and the
-- invocation records. Configs are JSON documents (FunctionConfig) so that new settings need no migration.
CREATE TABLE functions (
    name                 TEXT PRIMARY KEY,
    config               TEXT    NOT NULL,
    code_sha256          TEXT    NOT NULL,
    code_size            INTEGER NOT NULL,
    revision_id          TEXT    NOT NULL,
    last_modified        TEXT    NOT NULL,
    reserved_concurrency INTEGER,
    next_version         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE function_versions (
    function_name TEXT    NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    config        TEXT    NOT NULL,
    code_sha256   TEXT    NOT NULL,
    code_size     INTEGER NOT NULL,
    revision_id   TEXT    NOT NULL,
    last_modified TEXT    NOT NULL,
    PRIMARY KEY (function_name, version)
);

CREATE TABLE function_aliases (
    function_name    TEXT NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    function_version TEXT NOT NULL,
    description      TEXT NOT NULL,
    routing          TEXT NOT NULL, -- JSON: {"<version>": weight}
    revision_id      TEXT NOT NULL,
    PRIMARY KEY (function_name, name)
);

CREATE TABLE function_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id      TEXT    NOT NULL,
    function_name   TEXT    NOT NULL,
    qualifier       TEXT,
    payload         BLOB    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms INTEGER NOT NULL,
    enqueued_ms     INTEGER NOT NULL
);
CREATE INDEX function_events_due ON function_events (next_attempt_ms);

CREATE TABLE function_invocations (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    function_name      TEXT    NOT NULL,
    request_id         TEXT    NOT NULL,
    version            TEXT    NOT NULL,
    start_time         TEXT    NOT NULL,
    duration_ms        REAL    NOT NULL,
    billed_duration_ms INTEGER NOT NULL,
    memory_size_mb     INTEGER NOT NULL,
    max_memory_used_mb INTEGER NOT NULL,
    init_duration_ms   REAL,
    gb_seconds         REAL    NOT NULL,
    cold               INTEGER NOT NULL,
    error              TEXT,
    invocation_type    TEXT    NOT NULL
);
CREATE INDEX function_invocations_by_function ON function_invocations (function_name, id);
