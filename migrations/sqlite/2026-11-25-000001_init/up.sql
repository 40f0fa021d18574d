-- Invitely schema (SQLite). Keep in step with migrations/postgres.
CREATE TABLE platform_settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE organisations (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    customer_number TEXT NOT NULL UNIQUE,
    seat_limit INTEGER NOT NULL,
    daily_invite_limit INTEGER NOT NULL,
    invite_policy TEXT NOT NULL DEFAULT 'all_members',
    invitation_lifetime_hours INTEGER NOT NULL DEFAULT 24,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
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

CREATE TABLE departments (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE roles (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    is_admin BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, name)
);

-- A person in an organisation: the admin's card (contact data, kind, department) plus the
-- account it is bound to once the invitation is accepted.
CREATE TABLE memberships (
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
CREATE INDEX memberships_org_id ON memberships (org_id, id);
CREATE INDEX memberships_org_status ON memberships (org_id, invite_status, id);
CREATE INDEX memberships_org_kind ON memberships (org_id, kind, id);
CREATE INDEX memberships_org_kind_status ON memberships (org_id, kind, invite_status);
CREATE INDEX memberships_org_department_status ON memberships (org_id, department_id, invite_status);
CREATE INDEX memberships_org_department ON memberships (org_id, department_id, id);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE membership_roles (
    membership_id TEXT NOT NULL REFERENCES memberships(id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    PRIMARY KEY (membership_id, role_id)
);

CREATE TABLE invitations (
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
CREATE INDEX invitations_org_status ON invitations (org_id, status, created_at);
CREATE INDEX invitations_membership ON invitations (membership_id, created_at);
CREATE INDEX invitations_inviter_created ON invitations (inviter_user_id, created_at);

CREATE TABLE invitation_roles (
    invitation_id TEXT NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    PRIMARY KEY (invitation_id, role_id)
);

-- Durable outbox: one row per message to deliver, written in the transaction that creates it.
CREATE TABLE outbox_jobs (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    invitation_id TEXT REFERENCES invitations(id) ON DELETE CASCADE,
    dedupe_key TEXT NOT NULL UNIQUE,
    run_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    locked_by TEXT,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX outbox_jobs_due ON outbox_jobs (run_at);

CREATE TABLE audit_events (
    id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT REFERENCES organisations(id) ON DELETE CASCADE,
    actor_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_events_org_created ON audit_events (org_id, created_at);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT,
    state TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE setup_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
