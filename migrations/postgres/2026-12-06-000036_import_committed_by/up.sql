-- The admin who committed an import: its invitations are sent in their name and counted
-- against their daily limit (the uploader may be another admin; docs/SECURITY.md B9).
ALTER TABLE imports ADD COLUMN committed_by_account_id BIGINT REFERENCES accounts(id) ON DELETE SET NULL;
