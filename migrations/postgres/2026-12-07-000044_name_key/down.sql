ALTER TABLE members DROP COLUMN name_key;
