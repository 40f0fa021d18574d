-- Imports still staging were half-stored: dropped with their rows.
DELETE FROM imports WHERE status = 'staging';
ALTER TABLE imports DROP CONSTRAINT imports_status_check;
ALTER TABLE imports ADD CONSTRAINT imports_status_check
    CHECK (status IN ('review', 'committing', 'done'));
