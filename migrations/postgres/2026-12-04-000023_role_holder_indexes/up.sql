-- Who holds a role, and which open invitations offer it, found by the role (issue 10): the
-- tables' keys lead with the card or the invitation, so a role's page counting its holders, and
-- deleting a role (its rows here go first, then the foreign keys' own cascade looks again),
-- read every row of every organisation.
CREATE INDEX member_roles_role ON member_roles (role_id, member_id);
CREATE INDEX invitation_roles_role ON invitation_roles (role_id, invitation_id);
