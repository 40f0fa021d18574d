ALTER TABLE accounts DROP COLUMN email_unproven;
ALTER TABLE invitations DROP COLUMN handed_over;
