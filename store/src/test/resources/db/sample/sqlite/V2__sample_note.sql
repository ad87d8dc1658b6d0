ALTER TABLE sample_rows ADD COLUMN note TEXT;
