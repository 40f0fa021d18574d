-- A department created is audited like a role created (docs/PRODUCT.md §2.15).
INSERT INTO audit_actions (action) VALUES ('department.created');
