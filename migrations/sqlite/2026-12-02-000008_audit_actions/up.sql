-- Audit actions in a lookup table (issue 7). The audit trail's action was checked against a
-- fixed list, so every new action meant rebuilding the table (on SQLite). Now it refers to
-- `audit_actions`: a new action is one INSERT in its migration, and the database still refuses
-- any action it does not know. Keep the rows in step with `AuditAction` in src/db/enums.rs (a
-- test writes every variant).
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE audit_actions (
    action TEXT PRIMARY KEY NOT NULL
);
INSERT INTO audit_actions (action) VALUES
    ('org.created'), ('member.created'), ('member.updated'), ('invitation.created'),
    ('invitation.resent'), ('invitation.accepted'), ('invitation.revoked'), ('invitation.failed'),
    ('invitation.unknown_token'), ('limit.daily'), ('limit.seats'), ('settings.changed'),
    ('operator.created'), ('operator.granted'), ('operator.grant_refused'), ('signin.ok'),
    ('signin.failed'), ('signout'), ('csrf.refused'), ('origin.refused');

CREATE TABLE audit_events_new (
    id INTEGER PRIMARY KEY,
    org_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    actor_account_id INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    action TEXT NOT NULL REFERENCES audit_actions(action),
    subject TEXT NOT NULL DEFAULT '',
    details TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
INSERT INTO audit_events_new (id, org_id, actor_account_id, action, subject, details, request_id,
                              created_at)
SELECT id, org_id, actor_account_id, action, subject, details, request_id, created_at
FROM audit_events;
DROP TABLE audit_events;
ALTER TABLE audit_events_new RENAME TO audit_events;
CREATE INDEX audit_events_org_created ON audit_events (org_id, created_at);

CREATE TEMP TABLE audit_actions_fk_check (violations INTEGER NOT NULL CHECK (violations = 0));
INSERT INTO audit_actions_fk_check SELECT COUNT(*) FROM pragma_foreign_key_check;
DROP TABLE audit_actions_fk_check;

COMMIT;
PRAGMA foreign_keys = ON;
