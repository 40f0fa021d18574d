DROP INDEX invitation_roles_role;
DROP INDEX member_roles_role;
