-- Back to the fixed list (actions added after this migration must be gone first).
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;

CREATE TABLE audit_events_new (
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
INSERT INTO audit_events_new (id, org_id, actor_account_id, action, subject, details, request_id,
                              created_at)
SELECT id, org_id, actor_account_id, action, subject, details, request_id, created_at
FROM audit_events;
DROP TABLE audit_events;
ALTER TABLE audit_events_new RENAME TO audit_events;
CREATE INDEX audit_events_org_created ON audit_events (org_id, created_at);
DROP TABLE audit_actions;

COMMIT;
PRAGMA foreign_keys = ON;
