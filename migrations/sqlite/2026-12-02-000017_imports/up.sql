-- CSV import (issue 9): an uploaded file is an import with its rows, each classified before
-- anything is written (the review). Committing runs in chunks, each one transaction that writes
-- cards, marks its rows done and queues their invitations (in the import's batch, whose progress
-- page counts them); the state lives here, so an import resumes after a restart.
CREATE TABLE imports (
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
    finished_at TIMESTAMP
);
CREATE INDEX imports_org ON imports (org_id, created_at);

-- A row as it stands in the file (cells trimmed), its outcome and, once committed, `done`.
CREATE TABLE import_rows (
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    department TEXT NOT NULL,
    position TEXT NOT NULL,
    roles TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('new', 'update', 'unchanged', 'error')),
    problem TEXT CHECK (problem IS NULL OR problem IN ('malformed_email', 'phone_no_country_code',
        'malformed_phone', 'no_name', 'no_contact', 'unknown_kind', 'unknown_department',
        'unknown_role', 'duplicate_in_file', 'contact_conflict', 'seat_limit', 'daily_limit',
        'too_long')),
    member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    done BOOLEAN NOT NULL DEFAULT 0,
    invited BOOLEAN NOT NULL DEFAULT 0,
    PRIMARY KEY (import_id, line)
);
CREATE INDEX import_rows_outcome ON import_rows (import_id, outcome, line);
CREATE INDEX import_rows_pending ON import_rows (import_id, done, line);

INSERT INTO audit_actions (action) VALUES ('import.committed'), ('import.finished');
