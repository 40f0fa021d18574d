-- An invitation's organisation must be its card's (issue 10; on PostgreSQL a foreign key on
-- (org_id, member_id) says so). Changing the key of `invitations` on SQLite means rebuilding the
-- table, and dropping the old one would run its cascades; triggers refuse the same rows.
CREATE TRIGGER invitations_card_org_insert BEFORE INSERT ON invitations
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND org_id = NEW.org_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: an invitation''s organisation is its card''s');
END;
CREATE TRIGGER invitations_card_org_update BEFORE UPDATE OF org_id, member_id ON invitations
WHEN NOT EXISTS (SELECT 1 FROM members WHERE id = NEW.member_id AND org_id = NEW.org_id)
BEGIN
    SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: an invitation''s organisation is its card''s');
END;
