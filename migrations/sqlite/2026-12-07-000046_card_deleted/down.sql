DELETE FROM audit_events WHERE action = 'member.deleted';
DELETE FROM audit_actions WHERE action = 'member.deleted';
