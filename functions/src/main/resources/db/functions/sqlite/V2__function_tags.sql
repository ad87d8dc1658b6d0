-- Function tags (TagResource / UntagResource / ListTags, and CreateFunction's Tags).
CREATE TABLE function_tags (
    function_name TEXT NOT NULL REFERENCES functions (name) ON DELETE CASCADE,
    tag_key       TEXT NOT NULL,
    tag_value     TEXT NOT NULL,
    PRIMARY KEY (function_name, tag_key)
);
