-- Audit actions in a lookup table (issue 7). The audit trail's action was checked against a
-- fixed list, so every new action meant rebuilding the table (on SQLite). Now it refers to
-- `audit_actions`: a new action is one INSERT in its migration, and the database still refuses
-- any action it does not know. Keep the rows in step with `AuditAction` in src/db/enums.rs (a
-- test writes every variant).
CREATE TABLE audit_actions (
    action TEXT PRIMARY KEY
);
INSERT INTO audit_actions (action) VALUES
    ('org.created'), ('member.created'), ('member.updated'), ('invitation.created'),
    ('invitation.resent'), ('invitation.accepted'), ('invitation.revoked'), ('invitation.failed'),
    ('invitation.unknown_token'), ('limit.daily'), ('limit.seats'), ('settings.changed'),
    ('operator.created'), ('operator.granted'), ('operator.grant_refused'), ('signin.ok'),
    ('signin.failed'), ('signout'), ('csrf.refused'), ('origin.refused');
ALTER TABLE audit_events DROP CONSTRAINT audit_events_action_check;
ALTER TABLE audit_events
    ADD CONSTRAINT audit_events_action_fkey FOREIGN KEY (action) REFERENCES audit_actions (action);
