DELETE FROM audit_events WHERE action IN ('account.disabled', 'account.enabled');
DELETE FROM audit_actions WHERE action IN ('account.disabled', 'account.enabled');
