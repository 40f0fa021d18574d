-- Back to unchecked text columns (as in 2026-11-25-000001_init); error columns hold bare words
-- again (`server:` dropped, `internal_error` spelled as before). Same rebuild as up.sql.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE memberships_old (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    email TEXT,
    phone TEXT,
    kind TEXT NOT NULL DEFAULT 'employee',
    department_id TEXT REFERENCES departments(id) ON DELETE SET NULL,
    position TEXT NOT NULL DEFAULT '',
    is_admin BOOLEAN NOT NULL DEFAULT 0,
    invite_status TEXT NOT NULL DEFAULT 'not_invited',
    invite_error TEXT,
    last_invited_at TIMESTAMP,
    search_text TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, email),
    UNIQUE (org_id, phone),
    UNIQUE (org_id, user_id)
);
INSERT INTO memberships_old (id, org_id, user_id, first_name, last_name, email, phone, kind, department_id, position,
    is_admin, invite_status, invite_error, last_invited_at, search_text, created_at, updated_at)
SELECT id, org_id, user_id, first_name, last_name, email, phone, kind, department_id, position,
    is_admin, invite_status, CASE
        WHEN substr(invite_error, 1, 7) = 'server:' THEN substr(invite_error, 8)
        WHEN invite_error = 'internal_error' THEN 'internal error'
        ELSE invite_error
    END,
    last_invited_at, search_text, created_at, updated_at
FROM memberships;
DROP TABLE memberships;
ALTER TABLE memberships_old RENAME TO memberships;
CREATE INDEX memberships_org_id ON memberships (org_id, id);
CREATE INDEX memberships_org_status ON memberships (org_id, invite_status, id);
CREATE INDEX memberships_org_kind ON memberships (org_id, kind, id);
CREATE INDEX memberships_org_kind_status ON memberships (org_id, kind, invite_status);
CREATE INDEX memberships_org_department_status ON memberships (org_id, department_id, invite_status);
CREATE INDEX memberships_org_department ON memberships (org_id, department_id, id);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TRIGGER membership_counts_insert AFTER INSERT ON memberships
BEGIN
    INSERT INTO membership_counts (org_id, invite_status, n) VALUES (NEW.org_id, NEW.invite_status, 1)
    ON CONFLICT (org_id, invite_status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER membership_counts_delete AFTER DELETE ON memberships
BEGIN
    UPDATE membership_counts SET n = n - 1
    WHERE org_id = OLD.org_id AND invite_status = OLD.invite_status;
END;

CREATE TRIGGER membership_counts_update AFTER UPDATE OF org_id, invite_status ON memberships
WHEN OLD.org_id IS NOT NEW.org_id OR OLD.invite_status IS NOT NEW.invite_status
BEGIN
    UPDATE membership_counts SET n = n - 1
    WHERE org_id = OLD.org_id AND invite_status = OLD.invite_status;
    INSERT INTO membership_counts (org_id, invite_status, n) VALUES (NEW.org_id, NEW.invite_status, 1)
    ON CONFLICT (org_id, invite_status) DO UPDATE SET n = n + 1;
END;

CREATE TABLE invitations_old (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    membership_id TEXT NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
    inviter_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    token_generation INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    error TEXT,
    department_id TEXT REFERENCES departments(id) ON DELETE SET NULL,
    grant_admin BOOLEAN NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    locale TEXT NOT NULL DEFAULT 'en',
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    expires_at TIMESTAMP,
    accepted_at TIMESTAMP,
    accepted_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    revoked_at TIMESTAMP
);
INSERT INTO invitations_old (id, org_id, membership_id, inviter_user_id, channel, recipient, token_hash, token_generation,
    status, error, department_id, grant_admin, message, locale, created_at, sent_at, expires_at,
    accepted_at, accepted_user_id, revoked_at)
SELECT id, org_id, membership_id, inviter_user_id, channel, recipient, token_hash,
    token_generation, status, CASE
        WHEN substr(error, 1, 7) = 'server:' THEN substr(error, 8)
        WHEN error = 'internal_error' THEN 'internal error'
        ELSE error
    END,
    department_id, grant_admin, message, locale, created_at, sent_at, expires_at, accepted_at,
    accepted_user_id, revoked_at
FROM invitations;
DROP TABLE invitations;
ALTER TABLE invitations_old RENAME TO invitations;
CREATE INDEX invitations_org_status ON invitations (org_id, status, created_at);
CREATE INDEX invitations_membership ON invitations (membership_id, created_at);
CREATE INDEX invitations_inviter_created ON invitations (inviter_user_id, created_at);

CREATE TABLE audit_events_old (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT REFERENCES organisations(id) ON DELETE CASCADE,
    actor_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
INSERT INTO audit_events_old (id, org_id, actor_user_id, action, subject, details, request_id, created_at)
SELECT id, org_id, actor_user_id, action, subject, details, request_id, created_at FROM audit_events;
DROP TABLE audit_events;
ALTER TABLE audit_events_old RENAME TO audit_events;
CREATE INDEX audit_events_org_created ON audit_events (org_id, created_at);

CREATE TEMP TABLE typed_states_fk_check (violations INTEGER NOT NULL CHECK (violations = 0));
INSERT INTO typed_states_fk_check SELECT COUNT(*) FROM pragma_foreign_key_check;
DROP TABLE typed_states_fk_check;

COMMIT;
PRAGMA foreign_keys = ON;
