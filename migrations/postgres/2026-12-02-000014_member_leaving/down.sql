DELETE FROM audit_events WHERE action IN ('member.left', 'member.removed');
DELETE FROM audit_actions WHERE action IN ('member.left', 'member.removed');
