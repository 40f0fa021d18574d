-- An import is 'staging' while its rows are stored, a few thousand to a write transaction
-- (src/domain/import/stage.rs).
ALTER TABLE imports DROP CONSTRAINT imports_status_check;
ALTER TABLE imports ADD CONSTRAINT imports_status_check
    CHECK (status IN ('staging', 'review', 'committing', 'done'));
