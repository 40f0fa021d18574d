DELETE FROM audit_events WHERE action IN ('role.created', 'role.renamed', 'role.deleted',
    'department.renamed', 'department.deleted', 'member.roles_changed');
DELETE FROM audit_actions WHERE action IN ('role.created', 'role.renamed', 'role.deleted',
    'department.renamed', 'department.deleted', 'member.roles_changed');
