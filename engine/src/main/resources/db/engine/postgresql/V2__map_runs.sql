-- Distributed Map: Map Runs and their children (docs/engine.md#map-runs).

-- A child execution of a Map Run names it (ListExecutions with mapRunArn, DescribeExecution's mapRunArn).
ALTER TABLE executions ADD COLUMN map_run_arn TEXT;
CREATE INDEX executions_by_map_run ON executions (map_run_arn, start_ms, id) WHERE map_run_arn IS NOT NULL;

-- One row per Map Run, run by the node that runs its parent execution. result: the Map state's result it delivered.
CREATE TABLE map_runs (
    id                   TEXT    PRIMARY KEY,
    arn                  TEXT    NOT NULL UNIQUE,
    execution_arn        TEXT COLLATE "C" NOT NULL,
    machine_arn          TEXT    NOT NULL,
    state_name           TEXT    NOT NULL,
    label                TEXT    NOT NULL,
    execution_type       TEXT    NOT NULL,
    definition           TEXT    NOT NULL,
    status               TEXT    NOT NULL,
    max_concurrency      BIGINT  NOT NULL,
    tolerated_count      BIGINT  NOT NULL,
    tolerated_percentage DOUBLE PRECISION NOT NULL,
    total_items          BIGINT  NOT NULL,
    total_children       BIGINT  NOT NULL,
    start_ms             BIGINT  NOT NULL,
    stop_ms              BIGINT,
    error                TEXT,
    cause                TEXT,
    result               TEXT,
    results_written      BIGINT  NOT NULL DEFAULT 0,
    redrive_count        INTEGER NOT NULL DEFAULT 0,
    redrive_ms           BIGINT
);
CREATE INDEX map_runs_by_execution ON map_runs (execution_arn, start_ms);

-- The children of a Map Run in item order: the input each runs (one item, or a batch of that many items) and, once it
-- ended, its outcome. status: PENDING (not started, or started and not ended yet), SUCCEEDED, FAILED, TIMED_OUT, ABORTED.
CREATE TABLE map_run_children (
    map_run_id    TEXT    NOT NULL,
    idx           INTEGER NOT NULL,
    items         INTEGER NOT NULL,
    input         TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    execution_arn TEXT,
    output        TEXT,
    error         TEXT,
    cause         TEXT,
    start_ms      BIGINT,
    stop_ms       BIGINT,
    PRIMARY KEY (map_run_id, idx)
);
