-- Audit actions of roles and departments (issue 7): created/renamed/deleted roles, renamed and
-- deleted departments, a member's roles changed on the card.
INSERT INTO audit_actions (action) VALUES
    ('role.created'), ('role.renamed'), ('role.deleted'), ('department.renamed'),
    ('department.deleted'), ('member.roles_changed');
