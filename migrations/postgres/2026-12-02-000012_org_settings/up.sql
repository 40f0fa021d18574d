-- Organisation settings (issue 7): who may invite becomes a checked value ('all_members' is now
-- 'everyone'), and each organisation gets the default language of its messages, a default
-- personal message and a mobile-app link per member kind (shown in invitation and welcome
-- e-mails).
UPDATE organisations SET invite_policy =
    CASE invite_policy WHEN 'admins_only' THEN 'admins_only' ELSE 'everyone' END;
ALTER TABLE organisations
    ALTER COLUMN invite_policy SET DEFAULT 'everyone',
    ADD CONSTRAINT organisations_invite_policy_check
        CHECK (invite_policy IN ('everyone', 'admins_only')),
    ADD COLUMN default_locale TEXT NOT NULL DEFAULT 'en'
        CONSTRAINT organisations_default_locale_check CHECK (default_locale IN ('en', 'ru')),
    ADD COLUMN default_message TEXT NOT NULL DEFAULT '',
    ADD COLUMN employee_app_url TEXT,
    ADD COLUMN customer_app_url TEXT;
-- The audit action of a change to these settings.
INSERT INTO audit_actions (action) VALUES ('org.settings_changed');
