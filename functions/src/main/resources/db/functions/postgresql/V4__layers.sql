-- The PostgreSQL twin of sqlite/V4__layers.sql (BIGINT for sizes, COLLATE "C" on the names lists are sorted by).
CREATE TABLE layers (
    name         TEXT COLLATE "C" PRIMARY KEY,
    next_version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE layer_versions (
    layer_name               TEXT COLLATE "C" NOT NULL REFERENCES layers (name),
    version                  INTEGER NOT NULL,
    description              TEXT    NOT NULL,
    license_info             TEXT,
    compatible_runtimes      TEXT    NOT NULL,
    compatible_architectures TEXT    NOT NULL,
    code_sha256              TEXT    NOT NULL,
    code_size                BIGINT  NOT NULL,
    created_date             TEXT    NOT NULL,
    policy                   TEXT,
    revision_id              TEXT    NOT NULL,
    PRIMARY KEY (layer_name, version)
);
