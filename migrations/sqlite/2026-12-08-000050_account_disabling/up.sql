-- The operator disables and enables accounts (/platform/accounts/{id}): two more audit actions.
INSERT INTO audit_actions (action) VALUES ('account.disabled'), ('account.enabled');
