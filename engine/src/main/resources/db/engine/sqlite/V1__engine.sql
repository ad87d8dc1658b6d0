-- State machines (with versions, aliases, tags) and standard executions: their rows, history, journal and ownership.
-- Times are epoch milliseconds. See docs/engine.md.

-- Definitions by their SHA-256: an execution keeps the definition it started with, whatever happens to its machine.
CREATE TABLE definitions (
    sha256     TEXT PRIMARY KEY,
    definition TEXT NOT NULL
);

CREATE TABLE state_machines (
    arn               TEXT PRIMARY KEY,
    name              TEXT    NOT NULL UNIQUE,
    type              TEXT    NOT NULL,
    definition        TEXT    NOT NULL,
    role_arn          TEXT    NOT NULL,
    logging           TEXT    NOT NULL, -- LoggingConfiguration JSON
    tracing           TEXT    NOT NULL, -- TracingConfiguration JSON
    created_ms        BIGINT  NOT NULL,
    updated_ms        BIGINT  NOT NULL,
    revision_id       TEXT,             -- absent until the first update that changes something
    next_version      BIGINT  NOT NULL DEFAULT 1,
    published_version BIGINT,           -- the version that captured the current revision, if any
    status            TEXT    NOT NULL DEFAULT 'ACTIVE'
);

CREATE TABLE state_machine_versions (
    machine_arn TEXT   NOT NULL REFERENCES state_machines (arn) ON DELETE CASCADE,
    version     BIGINT NOT NULL,
    definition  TEXT   NOT NULL,
    role_arn    TEXT   NOT NULL,
    logging     TEXT   NOT NULL,
    tracing     TEXT   NOT NULL,
    description TEXT,
    revision_id TEXT,
    created_ms  BIGINT NOT NULL,
    PRIMARY KEY (machine_arn, version)
);

CREATE TABLE state_machine_aliases (
    machine_arn TEXT   NOT NULL REFERENCES state_machines (arn) ON DELETE CASCADE,
    name        TEXT   NOT NULL,
    description TEXT,
    routing     TEXT   NOT NULL, -- JSON: [{"stateMachineVersionArn": ..., "weight": n}]
    created_ms  BIGINT NOT NULL,
    updated_ms  BIGINT NOT NULL,
    PRIMARY KEY (machine_arn, name)
);

-- Tags of state machines and activities, listed in the order they were first set.
CREATE TABLE resource_tags (
    resource_arn TEXT   NOT NULL,
    tag_key      TEXT   NOT NULL,
    tag_value    TEXT   NOT NULL,
    position     BIGINT NOT NULL,
    PRIMARY KEY (resource_arn, tag_key)
);

-- One row per standard execution. owner/generation/lease_until_ms: which node runs it (see ExecutionStore).
CREATE TABLE executions (
    id             BIGINT PRIMARY KEY,
    arn            TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL,
    machine_arn    TEXT    NOT NULL,
    machine_name   TEXT    NOT NULL,
    version_arn    TEXT,
    alias_arn      TEXT,
    definition_sha TEXT    NOT NULL,
    role_arn       TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    input          TEXT    NOT NULL,
    output         TEXT,
    error          TEXT,
    cause          TEXT,
    start_ms       BIGINT  NOT NULL,
    stop_ms        BIGINT,
    seed           BIGINT  NOT NULL,
    redrive_count  INTEGER NOT NULL DEFAULT 0,
    last_event_id  BIGINT  NOT NULL,
    transitions    BIGINT  NOT NULL,
    owner          TEXT,
    generation     BIGINT  NOT NULL,
    lease_until_ms BIGINT
);
CREATE INDEX executions_by_machine ON executions (machine_arn, start_ms, id);
-- small: only running executions are in it (claims after a crash or a lost lease)
CREATE INDEX executions_running ON executions (owner, lease_until_ms) WHERE status = 'RUNNING';

-- The history, as GetExecutionHistory returns it; details is the event's details object (JSON).
CREATE TABLE execution_events (
    execution_id BIGINT NOT NULL,
    id           BIGINT NOT NULL,
    previous_id  BIGINT NOT NULL,
    ts_ms        BIGINT NOT NULL,
    type         TEXT   NOT NULL,
    details      TEXT   NOT NULL,
    PRIMARY KEY (execution_id, id)
) WITHOUT ROWID;

-- What was delivered to the interpreter, in order, and when: replaying it rebuilds a running execution.
CREATE TABLE execution_journal (
    execution_id BIGINT NOT NULL,
    seq          BIGINT NOT NULL,
    at_ms        BIGINT NOT NULL,
    kind         TEXT   NOT NULL,
    payload      TEXT   NOT NULL,
    PRIMARY KEY (execution_id, seq)
) WITHOUT ROWID;
