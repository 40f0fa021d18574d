ALTER TABLE accounts ALTER COLUMN phone TYPE TEXT COLLATE "default";
ALTER TABLE accounts ALTER COLUMN email TYPE TEXT COLLATE "default";
DELETE FROM audit_events WHERE action IN ('account.disabled', 'account.enabled');
DELETE FROM audit_actions WHERE action IN ('account.disabled', 'account.enabled');
