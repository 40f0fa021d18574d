-- "Open in my mail app" hands an invitation's link to the inviter, who could set the password of
-- an address that has no account yet and enrol two-factor sign-in on it; the owner's later reset
-- by e-mail would then meet the inviter's second factor. An invitation so handed over is marked;
-- an account made through one has an e-mail address its owner has not proved
-- (domain::password_reset: the first reset by e-mail proves it and ends two-factor sign-in set
-- up before). Rows before this migration cannot tell: they are taken as proved.
ALTER TABLE invitations ADD COLUMN handed_over BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN email_unproven BOOLEAN NOT NULL DEFAULT 0;
