DELETE FROM audit_events WHERE action = 'users.exported';
DELETE FROM audit_actions WHERE action = 'users.exported';
