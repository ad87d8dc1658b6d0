-- Asynchronous invocation settings (Put/Update/Get/Delete/ListFunctionEventInvokeConfig[s]), one row per function and
-- qualifier ($LATEST, a version number or an alias name). A NULL setting was not given: the queue uses Lambda's default.
CREATE TABLE function_event_invoke_configs (
    function_name             TEXT    NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
    qualifier                 TEXT    NOT NULL,
    maximum_retry_attempts    INTEGER,
    maximum_event_age_seconds INTEGER,
    on_success                TEXT,
    on_failure                TEXT,
    last_modified_ms          INTEGER NOT NULL,
    PRIMARY KEY (function_name, qualifier)
);

-- Lambda drops the configuration of a version or alias with it; triggers keep that in the same transaction as the
-- deletion, whichever code path deletes the row.
CREATE TRIGGER function_versions_drop_event_invoke_config AFTER DELETE ON function_versions
BEGIN
    DELETE FROM function_event_invoke_configs
     WHERE function_name = old.function_name AND qualifier = CAST(old.version AS TEXT);
END;

CREATE TRIGGER function_aliases_drop_event_invoke_config AFTER DELETE ON function_aliases
BEGIN
    DELETE FROM function_event_invoke_configs WHERE function_name = old.function_name AND qualifier = old.name;
END;

-- What the queue remembers between attempts, for the invocation record a destination receives: the last attempt's
-- response (for EventAgeExceeded after a function error) and how many destination hops led to this event (a loop of
-- functions naming each other as destinations is cut off, as Lambda's recursive loop detection does).
ALTER TABLE function_events ADD COLUMN depth INTEGER NOT NULL DEFAULT 0;
ALTER TABLE function_events ADD COLUMN last_response BLOB;
ALTER TABLE function_events ADD COLUMN last_version TEXT;
ALTER TABLE function_events ADD COLUMN last_function_error TEXT;
