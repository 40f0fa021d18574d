-- Typed states (issue 6): every stored state, channel, kind, reason and audit action is one of
-- the values of its enum in src/db/enums.rs. Keep the lists in step with the enums
-- (tests/integration/typed_states.rs compares them) and with migrations/sqlite.
--
-- Error columns now say whose words they hold: our reason codes as they are, a server's words
-- with the prefix `server:`. Existing rows are converted: known codes stay, the worker's old
-- "internal error" becomes `internal_error`, anything else was a server's reply.
UPDATE memberships SET invite_error = CASE
        WHEN invite_error IS NULL OR substr(invite_error, 1, 7) = 'server:' OR invite_error IN (
            'no_contact', 'no_email_email_only', 'already_active', 'malformed_email',
            'phone_no_country_code', 'malformed_phone', 'sms_country_not_allowed',
            'sms_daily_cap', 'internal_error') THEN invite_error
        WHEN invite_error = 'internal error' THEN 'internal_error'
        ELSE 'server:' || invite_error
    END
WHERE invite_error IS NOT NULL;
UPDATE invitations SET error = CASE
        WHEN error IS NULL OR substr(error, 1, 7) = 'server:' OR error IN (
            'no_contact', 'no_email_email_only', 'already_active', 'malformed_email',
            'phone_no_country_code', 'malformed_phone', 'sms_country_not_allowed',
            'sms_daily_cap', 'internal_error') THEN error
        WHEN error = 'internal error' THEN 'internal_error'
        ELSE 'server:' || error
    END
WHERE error IS NOT NULL;

ALTER TABLE memberships
    ADD CONSTRAINT memberships_kind_check CHECK (kind IN ('employee', 'customer')),
    ADD CONSTRAINT memberships_invite_status_check
        CHECK (invite_status IN ('not_invited', 'waiting', 'invited', 'error', 'active')),
    ADD CONSTRAINT memberships_invite_error_check CHECK (invite_error IS NULL OR substr(invite_error, 1, 7) = 'server:' OR invite_error IN (
        'no_contact', 'no_email_email_only', 'already_active', 'malformed_email',
        'phone_no_country_code', 'malformed_phone', 'sms_country_not_allowed',
        'sms_daily_cap', 'internal_error'));

ALTER TABLE invitations
    ADD CONSTRAINT invitations_channel_check CHECK (channel IN ('email', 'sms')),
    ADD CONSTRAINT invitations_status_check
        CHECK (status IN ('queued', 'pending', 'accepted', 'revoked', 'failed')),
    ADD CONSTRAINT invitations_error_check CHECK (error IS NULL OR substr(error, 1, 7) = 'server:' OR error IN (
        'no_contact', 'no_email_email_only', 'already_active', 'malformed_email',
        'phone_no_country_code', 'malformed_phone', 'sms_country_not_allowed',
        'sms_daily_cap', 'internal_error'));

ALTER TABLE audit_events
    ADD CONSTRAINT audit_events_action_check CHECK (action IN (
        'org.created', 'member.created', 'member.updated', 'invitation.created',
        'invitation.resent', 'invitation.accepted', 'invitation.revoked',
        'invitation.failed', 'invitation.unknown_token', 'limit.daily', 'limit.seats',
        'settings.changed', 'operator.created', 'operator.granted',
        'operator.grant_refused', 'signin.ok', 'signin.failed', 'signout',
        'csrf.refused', 'origin.refused'));
