DELETE FROM audit_events WHERE action IN ('account.password_changed',
    'account.password_reset_requested', 'account.password_reset');
DELETE FROM audit_actions WHERE action IN ('account.password_changed',
    'account.password_reset_requested', 'account.password_reset');
DROP TABLE password_resets;
