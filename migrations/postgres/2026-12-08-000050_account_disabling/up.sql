-- The operator disables and enables accounts (/platform/accounts/{id}): two more audit actions.
INSERT INTO audit_actions (action) VALUES ('account.disabled'), ('account.enabled');
-- The operator finds an account by how its address or number begins (domain::platform_accounts):
-- a range of the column's unique index, compared byte by byte as on SQLite whatever this
-- database's collation (a linguistic one skips punctuation such as "@", so a range would miss).
-- Equality, which every other look-up uses, is the same under either.
ALTER TABLE accounts ALTER COLUMN email TYPE TEXT COLLATE "C";
ALTER TABLE accounts ALTER COLUMN phone TYPE TEXT COLLATE "C";
