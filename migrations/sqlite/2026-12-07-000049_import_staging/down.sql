-- Back to the statuses before 'staging'; imports still staging were half-stored: dropped
-- with their rows.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
DELETE FROM import_rows WHERE import_id IN (SELECT id FROM imports WHERE status = 'staging');

CREATE TABLE imports_new (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    created_by_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    file_name TEXT NOT NULL,
    send_invitation BOOLEAN NOT NULL,
    default_kind TEXT NOT NULL CHECK (default_kind IN ('employee', 'customer')),
    create_departments BOOLEAN NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('review', 'committing', 'done')),
    total_rows INTEGER NOT NULL,
    batch_id INTEGER REFERENCES invite_batches(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    committed_at TIMESTAMP,
    finished_at TIMESTAMP,
    committed_by_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL
);
INSERT INTO imports_new (id, org_id, created_by_account_id, file_name, send_invitation,
    default_kind, create_departments, status, total_rows, batch_id, created_at, committed_at,
    finished_at, committed_by_account_id)
SELECT id, org_id, created_by_account_id, file_name, send_invitation, default_kind,
    create_departments, status, total_rows, batch_id, created_at, committed_at, finished_at,
    committed_by_account_id FROM imports WHERE status <> 'staging';
DROP TABLE imports;
ALTER TABLE imports_new RENAME TO imports;
CREATE INDEX imports_org ON imports (org_id, created_at);

-- import_rows refers to the rebuilt table by name; a violation fails this CHECK and the
-- migration.
CREATE TEMP TABLE import_staging_fk_check (violations INTEGER NOT NULL CHECK (violations = 0));
INSERT INTO import_staging_fk_check SELECT COUNT(*) FROM pragma_foreign_key_check;
DROP TABLE import_staging_fk_check;

COMMIT;
PRAGMA foreign_keys = ON;
