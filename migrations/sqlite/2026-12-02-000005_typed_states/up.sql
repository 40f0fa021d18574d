-- Typed states (issue 6): every stored state, channel, kind, reason and audit action is one of
-- the values of its enum in src/db/enums.rs, enforced by a CHECK. Keep the lists in step with
-- the enums (tests/integration/typed_states.rs compares them) and with migrations/postgres.
--
-- Error columns now say whose words they hold: our reason codes as they are, a server's words
-- with the prefix `server:`. Existing rows are converted: known codes stay, the worker's old
-- "internal error" becomes `internal_error`, anything else was a server's reply.
--
-- SQLite adds a CHECK only by rebuilding the table (https://sqlite.org/lang_altertable.html,
-- "Making Other Kinds Of Table Schema Changes"): foreign keys off, then in one transaction
-- create the new table, copy, drop the old, rename, recreate indexes and triggers, verify the
-- foreign keys, commit.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE memberships_new (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    email TEXT,
    phone TEXT,
    kind TEXT NOT NULL DEFAULT 'employee' CHECK (kind IN ('employee', 'customer')),
    department_id TEXT REFERENCES departments(id) ON DELETE SET NULL,
    position TEXT NOT NULL DEFAULT '',
    is_admin BOOLEAN NOT NULL DEFAULT 0,
    invite_status TEXT NOT NULL DEFAULT 'not_invited'
        CHECK (invite_status IN ('not_invited', 'waiting', 'invited', 'error', 'active')),
    invite_error TEXT CHECK (invite_error IS NULL OR substr(invite_error, 1, 7) = 'server:' OR invite_error IN (
        'no_contact', 'no_email_email_only', 'already_active', 'malformed_email',
        'phone_no_country_code', 'malformed_phone', 'sms_country_not_allowed',
        'sms_daily_cap', 'internal_error')),
    last_invited_at TIMESTAMP,
    search_text TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, email),
    UNIQUE (org_id, phone),
    UNIQUE (org_id, user_id)
);
INSERT INTO memberships_new (id, org_id, user_id, first_name, last_name, email, phone, kind, department_id, position,
    is_admin, invite_status, invite_error, last_invited_at, search_text, created_at, updated_at)
SELECT id, org_id, user_id, first_name, last_name, email, phone, kind, department_id, position,
    is_admin, invite_status, CASE
        WHEN invite_error IS NULL OR substr(invite_error, 1, 7) = 'server:' OR invite_error IN (
            'no_contact', 'no_email_email_only', 'already_active', 'malformed_email',
            'phone_no_country_code', 'malformed_phone', 'sms_country_not_allowed',
            'sms_daily_cap', 'internal_error') THEN invite_error
        WHEN invite_error = 'internal error' THEN 'internal_error'
        ELSE 'server:' || invite_error
    END,
    last_invited_at, search_text, created_at, updated_at
FROM memberships;
DROP TABLE memberships;
ALTER TABLE memberships_new RENAME TO memberships;
CREATE INDEX memberships_org_id ON memberships (org_id, id);
CREATE INDEX memberships_org_status ON memberships (org_id, invite_status, id);
CREATE INDEX memberships_org_kind ON memberships (org_id, kind, id);
CREATE INDEX memberships_org_kind_status ON memberships (org_id, kind, invite_status);
CREATE INDEX memberships_org_department_status ON memberships (org_id, department_id, invite_status);
CREATE INDEX memberships_org_department ON memberships (org_id, department_id, id);
CREATE INDEX memberships_user ON memberships (user_id);

-- The status counters' triggers went with the old table (2026-11-25-000002_membership_counts);
-- the counts themselves are unchanged, as the rows are.
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

CREATE TABLE invitations_new (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    membership_id TEXT NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
    inviter_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    token_generation INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('queued', 'pending', 'accepted', 'revoked', 'failed')),
    error TEXT CHECK (error IS NULL OR substr(error, 1, 7) = 'server:' OR error IN (
        'no_contact', 'no_email_email_only', 'already_active', 'malformed_email',
        'phone_no_country_code', 'malformed_phone', 'sms_country_not_allowed',
        'sms_daily_cap', 'internal_error')),
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
INSERT INTO invitations_new (id, org_id, membership_id, inviter_user_id, channel, recipient, token_hash, token_generation,
    status, error, department_id, grant_admin, message, locale, created_at, sent_at, expires_at,
    accepted_at, accepted_user_id, revoked_at)
SELECT id, org_id, membership_id, inviter_user_id, channel, recipient, token_hash,
    token_generation, status, CASE
        WHEN error IS NULL OR substr(error, 1, 7) = 'server:' OR error IN (
            'no_contact', 'no_email_email_only', 'already_active', 'malformed_email',
            'phone_no_country_code', 'malformed_phone', 'sms_country_not_allowed',
            'sms_daily_cap', 'internal_error') THEN error
        WHEN error = 'internal error' THEN 'internal_error'
        ELSE 'server:' || error
    END,
    department_id, grant_admin, message, locale, created_at, sent_at, expires_at, accepted_at,
    accepted_user_id, revoked_at
FROM invitations;
DROP TABLE invitations;
ALTER TABLE invitations_new RENAME TO invitations;
CREATE INDEX invitations_org_status ON invitations (org_id, status, created_at);
CREATE INDEX invitations_membership ON invitations (membership_id, created_at);
CREATE INDEX invitations_inviter_created ON invitations (inviter_user_id, created_at);

CREATE TABLE audit_events_new (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT REFERENCES organisations(id) ON DELETE CASCADE,
    actor_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL CHECK (action IN (
        'org.created', 'member.created', 'member.updated', 'invitation.created',
        'invitation.resent', 'invitation.accepted', 'invitation.revoked',
        'invitation.failed', 'invitation.unknown_token', 'limit.daily', 'limit.seats',
        'settings.changed', 'operator.created', 'operator.granted',
        'operator.grant_refused', 'signin.ok', 'signin.failed', 'signout',
        'csrf.refused', 'origin.refused')),
    subject TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
INSERT INTO audit_events_new (id, org_id, actor_user_id, action, subject, details, request_id, created_at)
SELECT id, org_id, actor_user_id, action, subject, details, request_id, created_at FROM audit_events;
DROP TABLE audit_events;
ALTER TABLE audit_events_new RENAME TO audit_events;
CREATE INDEX audit_events_org_created ON audit_events (org_id, created_at);

-- Every reference still points at a row (membership_roles, invitation_roles and outbox_jobs
-- refer to the rebuilt tables by name); a violation fails this CHECK and the migration.
CREATE TEMP TABLE typed_states_fk_check (violations INTEGER NOT NULL CHECK (violations = 0));
INSERT INTO typed_states_fk_check SELECT COUNT(*) FROM pragma_foreign_key_check;
DROP TABLE typed_states_fk_check;

COMMIT;
PRAGMA foreign_keys = ON;
