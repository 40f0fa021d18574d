-- Compact keys and one name per concept (issue 6).
--
-- Keys were 36-character UUID texts, repeated in every index that names a row; they are now
-- 64-bit integers assigned by the database (on SQLite `INTEGER PRIMARY KEY` is the row id
-- itself, so the key costs no index of its own). AUTOINCREMENT where a key is shown in a URL or
-- kept in the audit trail, so a deleted row's number is never given to another.
--
-- Names: an *account* signs in (was `users`); a *member* is a person's place in one
-- organisation (was `memberships`), bound to an account once an invitation is accepted.
--
-- Existing rows keep their order (numbered by creation time) and every reference is carried
-- over through mapping tables. Audit subjects that named a row now say what they name
-- (`member:12`, `invitation:7`, `account:3`). Queued jobs' payloads and keys are rewritten.
-- Sessions are not carried over: their state held the old keys, so everyone signs in again.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

-- Old rows, kept aside while the new tables are filled.
ALTER TABLE organisations RENAME TO old_organisations;
ALTER TABLE users RENAME TO old_users;
ALTER TABLE departments RENAME TO old_departments;
ALTER TABLE roles RENAME TO old_roles;
ALTER TABLE memberships RENAME TO old_memberships;
ALTER TABLE membership_roles RENAME TO old_membership_roles;
ALTER TABLE invitations RENAME TO old_invitations;
ALTER TABLE invitation_roles RENAME TO old_invitation_roles;
ALTER TABLE outbox_jobs RENAME TO old_outbox_jobs;
ALTER TABLE audit_events RENAME TO old_audit_events;
ALTER TABLE setup_tokens RENAME TO old_setup_tokens;
DROP TRIGGER membership_counts_insert;
DROP TRIGGER membership_counts_delete;
DROP TRIGGER membership_counts_update;
DROP TABLE membership_counts;
DROP TABLE sessions;
DROP INDEX memberships_org_id;
DROP INDEX memberships_org_status;
DROP INDEX memberships_org_kind;
DROP INDEX memberships_org_kind_status;
DROP INDEX memberships_org_department_status;
DROP INDEX memberships_org_department;
DROP INDEX memberships_user;
DROP INDEX invitations_org_status;
DROP INDEX invitations_membership;
DROP INDEX invitations_inviter_created;
DROP INDEX outbox_jobs_due;
DROP INDEX audit_events_org_created;

-- Old key → new key, numbered in creation order.
CREATE TEMP TABLE map_org (old TEXT PRIMARY KEY, new INTEGER NOT NULL);
INSERT INTO map_org SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) FROM old_organisations;
CREATE TEMP TABLE map_account (old TEXT PRIMARY KEY, new INTEGER NOT NULL);
INSERT INTO map_account SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) FROM old_users;
CREATE TEMP TABLE map_department (old TEXT PRIMARY KEY, new INTEGER NOT NULL);
INSERT INTO map_department SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) FROM old_departments;
CREATE TEMP TABLE map_role (old TEXT PRIMARY KEY, new INTEGER NOT NULL);
INSERT INTO map_role SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) FROM old_roles;
CREATE TEMP TABLE map_member (old TEXT PRIMARY KEY, new INTEGER NOT NULL);
INSERT INTO map_member SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) FROM old_memberships;
CREATE TEMP TABLE map_invitation (old TEXT PRIMARY KEY, new INTEGER NOT NULL);
INSERT INTO map_invitation SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) FROM old_invitations;

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    customer_number TEXT NOT NULL UNIQUE,
    seat_limit INTEGER NOT NULL,
    daily_invite_limit INTEGER NOT NULL,
    invite_policy TEXT NOT NULL DEFAULT 'all_members',
    invitation_lifetime_hours INTEGER NOT NULL DEFAULT 24,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO organisations (id, name, customer_number, seat_limit, daily_invite_limit,
                           invite_policy, invitation_lifetime_hours, created_at)
SELECT m.new, o.name, o.customer_number, o.seat_limit, o.daily_invite_limit, o.invite_policy,
       o.invitation_lifetime_hours, o.created_at
FROM old_organisations o JOIN map_org m ON m.old = o.id;

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT UNIQUE,
    phone TEXT UNIQUE,
    password_hash TEXT,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    locale TEXT NOT NULL DEFAULT 'en',
    is_operator BOOLEAN NOT NULL DEFAULT 0,
    disabled_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO accounts (id, email, phone, password_hash, first_name, last_name, locale,
                      is_operator, disabled_at, created_at, updated_at)
SELECT m.new, u.email, u.phone, u.password_hash, u.first_name, u.last_name, u.locale,
       u.is_operator, u.disabled_at, u.created_at, u.updated_at
FROM old_users u JOIN map_account m ON m.old = u.id;

CREATE TABLE departments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, name)
);
INSERT INTO departments (id, org_id, name, created_at)
SELECT m.new, o.new, d.name, d.created_at
FROM old_departments d JOIN map_department m ON m.old = d.id JOIN map_org o ON o.old = d.org_id;

CREATE TABLE roles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, name)
);
INSERT INTO roles (id, org_id, name, created_at)
SELECT m.new, o.new, r.name, r.created_at
FROM old_roles r JOIN map_role m ON m.old = r.id JOIN map_org o ON o.old = r.org_id;

-- A member: a person's place in one organisation — the admin's card (contact data, kind,
-- department) plus the account it is bound to once the invitation is accepted.
CREATE TABLE members (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    email TEXT,
    phone TEXT,
    kind TEXT NOT NULL DEFAULT 'employee' CHECK (kind IN ('employee', 'customer')),
    department_id INTEGER REFERENCES departments(id) ON DELETE SET NULL,
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
    UNIQUE (org_id, account_id)
);
INSERT INTO members (id, org_id, account_id, first_name, last_name, email, phone, kind,
                     department_id, position, is_admin, invite_status, invite_error,
                     last_invited_at, search_text, created_at, updated_at)
SELECT m.new, o.new, a.new, x.first_name, x.last_name, x.email, x.phone, x.kind,
       d.new, x.position, x.is_admin, x.invite_status, x.invite_error,
       x.last_invited_at, x.search_text, x.created_at, x.updated_at
FROM old_memberships x
JOIN map_member m ON m.old = x.id
JOIN map_org o ON o.old = x.org_id
LEFT JOIN map_account a ON a.old = x.user_id
LEFT JOIN map_department d ON d.old = x.department_id;
CREATE INDEX members_org_id ON members (org_id, id);
CREATE INDEX members_org_status ON members (org_id, invite_status, id);
CREATE INDEX members_org_kind ON members (org_id, kind, id);
CREATE INDEX members_org_kind_status ON members (org_id, kind, invite_status);
CREATE INDEX members_org_department_status ON members (org_id, department_id, invite_status);
CREATE INDEX members_org_department ON members (org_id, department_id, id);
CREATE INDEX members_account ON members (account_id);

-- Per-organisation counts of members by invitation status, kept exact by triggers.
CREATE TABLE member_counts (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    invite_status TEXT NOT NULL,
    n BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, invite_status)
);
INSERT INTO member_counts (org_id, invite_status, n)
SELECT org_id, invite_status, COUNT(*) FROM members GROUP BY org_id, invite_status;
CREATE TRIGGER member_counts_insert AFTER INSERT ON members
BEGIN
    INSERT INTO member_counts (org_id, invite_status, n) VALUES (NEW.org_id, NEW.invite_status, 1)
    ON CONFLICT (org_id, invite_status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER member_counts_delete AFTER DELETE ON members
BEGIN
    UPDATE member_counts SET n = n - 1
    WHERE org_id = OLD.org_id AND invite_status = OLD.invite_status;
END;
CREATE TRIGGER member_counts_update AFTER UPDATE OF org_id, invite_status ON members
WHEN OLD.org_id IS NOT NEW.org_id OR OLD.invite_status IS NOT NEW.invite_status
BEGIN
    UPDATE member_counts SET n = n - 1
    WHERE org_id = OLD.org_id AND invite_status = OLD.invite_status;
    INSERT INTO member_counts (org_id, invite_status, n) VALUES (NEW.org_id, NEW.invite_status, 1)
    ON CONFLICT (org_id, invite_status) DO UPDATE SET n = n + 1;
END;

CREATE TABLE member_roles (
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    role_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    PRIMARY KEY (member_id, role_id)
);
INSERT INTO member_roles (member_id, role_id)
SELECT m.new, r.new
FROM old_membership_roles x JOIN map_member m ON m.old = x.membership_id
JOIN map_role r ON r.old = x.role_id;

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    inviter_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    token_generation INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('queued', 'pending', 'accepted', 'revoked', 'failed')),
    error TEXT CHECK (error IS NULL OR substr(error, 1, 7) = 'server:' OR error IN (
        'no_contact', 'no_email_email_only', 'already_active', 'malformed_email',
        'phone_no_country_code', 'malformed_phone', 'sms_country_not_allowed',
        'sms_daily_cap', 'internal_error')),
    department_id INTEGER REFERENCES departments(id) ON DELETE SET NULL,
    grant_admin BOOLEAN NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    locale TEXT NOT NULL DEFAULT 'en',
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    expires_at TIMESTAMP,
    accepted_at TIMESTAMP,
    accepted_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    revoked_at TIMESTAMP
);
INSERT INTO invitations (id, org_id, member_id, inviter_account_id, channel, recipient,
                         token_hash, token_generation, status, error, department_id,
                         grant_admin, message, locale, created_at, sent_at, expires_at,
                         accepted_at, accepted_account_id, revoked_at)
SELECT m.new, o.new, mm.new, inv.new, x.channel, x.recipient, x.token_hash,
       x.token_generation, x.status, x.error, d.new, x.grant_admin, x.message, x.locale,
       x.created_at, x.sent_at, x.expires_at, x.accepted_at, acc.new, x.revoked_at
FROM old_invitations x
JOIN map_invitation m ON m.old = x.id
JOIN map_org o ON o.old = x.org_id
JOIN map_member mm ON mm.old = x.membership_id
LEFT JOIN map_account inv ON inv.old = x.inviter_user_id
LEFT JOIN map_department d ON d.old = x.department_id
LEFT JOIN map_account acc ON acc.old = x.accepted_user_id;
CREATE INDEX invitations_org_status ON invitations (org_id, status, created_at);
CREATE INDEX invitations_member ON invitations (member_id, created_at);
CREATE INDEX invitations_inviter_created ON invitations (inviter_account_id, created_at);

CREATE TABLE invitation_roles (
    invitation_id INTEGER NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
    role_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    PRIMARY KEY (invitation_id, role_id)
);
INSERT INTO invitation_roles (invitation_id, role_id)
SELECT m.new, r.new
FROM old_invitation_roles x JOIN map_invitation m ON m.old = x.invitation_id
JOIN map_role r ON r.old = x.role_id;

-- Jobs: every kind queued so far names its invitation in the payload and the key; both are
-- rewritten with the new key (the payload's id becomes a JSON number).
CREATE TABLE outbox_jobs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    run_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    locked_by TEXT,
    locked_until TIMESTAMP,
    last_error TEXT,
    failed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO outbox_jobs (kind, payload, idempotency_key, run_at, attempts, max_attempts,
                         locked_by, locked_until, last_error, failed_at, created_at)
SELECT j.kind,
       replace(j.payload, '"' || m.old || '"', CAST(m.new AS TEXT)),
       replace(j.idempotency_key, m.old, CAST(m.new AS TEXT)),
       j.run_at, j.attempts, j.max_attempts, j.locked_by, j.locked_until, j.last_error,
       j.failed_at, j.created_at
FROM old_outbox_jobs j
JOIN map_invitation m ON m.old = json_extract(j.payload, '$.invitation_id')
ORDER BY j.created_at, j.id;
CREATE INDEX outbox_jobs_due ON outbox_jobs (run_at) WHERE failed_at IS NULL;

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    org_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    actor_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
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
INSERT INTO audit_events (org_id, actor_account_id, action, subject, details, request_id,
                          created_at)
SELECT o.new, a.new, e.action,
       CASE
           WHEN sm.new IS NOT NULL THEN 'member:' || sm.new
           WHEN si.new IS NOT NULL THEN 'invitation:' || si.new
           WHEN sa.new IS NOT NULL THEN 'account:' || sa.new
           ELSE e.subject
       END,
       e.details, e.request_id, e.created_at
FROM old_audit_events e
LEFT JOIN map_org o ON o.old = e.org_id
LEFT JOIN map_account a ON a.old = e.actor_user_id
LEFT JOIN map_member sm ON sm.old = e.subject
LEFT JOIN map_invitation si ON si.old = e.subject
LEFT JOIN map_account sa ON sa.old = e.subject
ORDER BY e.created_at, e.id;
CREATE INDEX audit_events_org_created ON audit_events (org_id, created_at);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    account_id INTEGER,
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE setup_tokens (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
INSERT INTO setup_tokens (token_hash, email, created_at, expires_at, used_at)
SELECT token_hash, email, created_at, expires_at, used_at FROM old_setup_tokens
ORDER BY created_at, id;

DROP TABLE old_setup_tokens;
DROP TABLE old_audit_events;
DROP TABLE old_outbox_jobs;
DROP TABLE old_invitation_roles;
DROP TABLE old_invitations;
DROP TABLE old_membership_roles;
DROP TABLE old_memberships;
DROP TABLE old_roles;
DROP TABLE old_departments;
DROP TABLE old_users;
DROP TABLE old_organisations;
DROP TABLE map_org;
DROP TABLE map_account;
DROP TABLE map_department;
DROP TABLE map_role;
DROP TABLE map_member;
DROP TABLE map_invitation;

-- Every reference points at a row; a violation fails this CHECK and the migration.
CREATE TEMP TABLE compact_ids_fk_check (violations INTEGER NOT NULL CHECK (violations = 0));
INSERT INTO compact_ids_fk_check SELECT COUNT(*) FROM pragma_foreign_key_check;
DROP TABLE compact_ids_fk_check;

COMMIT;
PRAGMA foreign_keys = ON;
