-- The operator's panel (issue 8): an organisation can be disabled (its members are kept out,
-- its open invitations are revoked), and every operator action on organisations is audited.
ALTER TABLE organisations ADD COLUMN disabled_at TIMESTAMP;
INSERT INTO audit_actions (action) VALUES ('org.updated'), ('org.disabled'), ('org.enabled');
