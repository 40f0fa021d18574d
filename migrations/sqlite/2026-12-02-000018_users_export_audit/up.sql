-- The users table's CSV export is in the audit trail (who downloaded which filter).
INSERT INTO audit_actions (action) VALUES ('users.exported');
