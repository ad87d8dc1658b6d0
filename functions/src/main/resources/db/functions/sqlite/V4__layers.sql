-- Lambda layers (PublishLayerVersion ...). A layer's row outlives its versions: version numbers are never reused, as on
-- Lambda, even after every version was deleted. A function names its layers in its config (JSON), with their digests,
-- so a deleted layer version keeps working for the functions that use it.
CREATE TABLE layers (
    name         TEXT    PRIMARY KEY,
    next_version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE layer_versions (
    layer_name               TEXT    NOT NULL REFERENCES layers (name),
    version                  INTEGER NOT NULL,
    description              TEXT    NOT NULL,
    license_info             TEXT,
    compatible_runtimes      TEXT    NOT NULL, -- JSON list
    compatible_architectures TEXT    NOT NULL, -- JSON list
    code_sha256              TEXT    NOT NULL,
    code_size                INTEGER NOT NULL,
    created_date             TEXT    NOT NULL,
    policy                   TEXT,             -- JSON: the statements of AddLayerVersionPermission
    revision_id              TEXT    NOT NULL,
    PRIMARY KEY (layer_name, version)
);
