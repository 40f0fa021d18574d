-- An admin deletes a card that never became a member (a mistyped address, a duplicate): listed
-- like every action.
INSERT INTO audit_actions (action) VALUES ('member.deleted');
