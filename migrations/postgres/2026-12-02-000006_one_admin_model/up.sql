-- One model for admin rights: a membership is admin or not (memberships.is_admin); an
-- invitation may offer it (invitations.grant_admin, applied when accepted). Roles carry
-- access, never admin rights: their unused flag goes.
ALTER TABLE roles DROP COLUMN is_admin;
