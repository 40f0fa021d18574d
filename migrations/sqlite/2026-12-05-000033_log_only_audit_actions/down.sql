DELETE FROM audit_events
WHERE action IN ('setup.unknown_token', 'account.password_reset_unknown_token', 'limit.throttled');
DELETE FROM audit_actions
WHERE action IN ('setup.unknown_token', 'account.password_reset_unknown_token', 'limit.throttled');
