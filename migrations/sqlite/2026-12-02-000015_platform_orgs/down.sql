DELETE FROM audit_events WHERE action IN ('org.updated', 'org.disabled', 'org.enabled');
DELETE FROM audit_actions WHERE action IN ('org.updated', 'org.disabled', 'org.enabled');
ALTER TABLE organisations DROP COLUMN disabled_at;
