-- An admin makes an active member an administrator, or takes the rights away; listed like every action.
INSERT INTO audit_actions (action) VALUES ('member.admin_granted'), ('member.admin_revoked');
