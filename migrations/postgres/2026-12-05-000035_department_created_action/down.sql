DELETE FROM audit_events WHERE action = 'department.created';
DELETE FROM audit_actions WHERE action = 'department.created';
