-- A refused invitation acceptance is logged (docs/SECURITY.md H1); listed like every action.
INSERT INTO audit_actions (action) VALUES ('invitation.accept_refused');
