ALTER TABLE audit_events DROP CONSTRAINT audit_events_action_check;
ALTER TABLE invitations
    DROP CONSTRAINT invitations_error_check,
    DROP CONSTRAINT invitations_status_check,
    DROP CONSTRAINT invitations_channel_check;
ALTER TABLE memberships
    DROP CONSTRAINT memberships_invite_error_check,
    DROP CONSTRAINT memberships_invite_status_check,
    DROP CONSTRAINT memberships_kind_check;

-- Error columns hold bare words again.
UPDATE invitations SET error = CASE
        WHEN substr(error, 1, 7) = 'server:' THEN substr(error, 8)
        WHEN error = 'internal_error' THEN 'internal error'
        ELSE error
    END
WHERE error IS NOT NULL;
UPDATE memberships SET invite_error = CASE
        WHEN substr(invite_error, 1, 7) = 'server:' THEN substr(invite_error, 8)
        WHEN invite_error = 'internal_error' THEN 'internal error'
        ELSE invite_error
    END
WHERE invite_error IS NOT NULL;
