-- Leaving and removal (issue 8): a member leaves an organisation, or an admin removes one.
INSERT INTO audit_actions (action) VALUES ('member.left'), ('member.removed');
