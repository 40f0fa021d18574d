ALTER TABLE imports DROP COLUMN committed_by_account_id;
