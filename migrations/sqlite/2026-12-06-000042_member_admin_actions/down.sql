DELETE FROM audit_events WHERE action IN ('member.admin_granted', 'member.admin_revoked');
DELETE FROM audit_actions WHERE action IN ('member.admin_granted', 'member.admin_revoked');
