-- Back to the fixed list (actions added after this migration must be gone first).
ALTER TABLE audit_events DROP CONSTRAINT audit_events_action_fkey;
DROP TABLE audit_actions;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_action_check CHECK (action IN (
        'org.created', 'member.created', 'member.updated', 'invitation.created',
        'invitation.resent', 'invitation.accepted', 'invitation.revoked',
        'invitation.failed', 'invitation.unknown_token', 'limit.daily', 'limit.seats',
        'settings.changed', 'operator.created', 'operator.granted',
        'operator.grant_refused', 'signin.ok', 'signin.failed', 'signout',
        'csrf.refused', 'origin.refused'));
