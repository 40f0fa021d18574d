-- Organisation settings (issue 7): who may invite becomes a checked value ('all_members' is now
-- 'everyone'), and each organisation gets the default language of its messages, a default
-- personal message and a mobile-app link per member kind (shown in invitation and welcome
-- e-mails). SQLite adds a CHECK to an existing column only by rebuilding the table, so the
-- policy moves to a new checked column that then takes the old one's name.
ALTER TABLE organisations ADD COLUMN invite_policy_checked TEXT NOT NULL DEFAULT 'everyone'
    CHECK (invite_policy_checked IN ('everyone', 'admins_only'));
UPDATE organisations SET invite_policy_checked =
    CASE invite_policy WHEN 'admins_only' THEN 'admins_only' ELSE 'everyone' END;
ALTER TABLE organisations DROP COLUMN invite_policy;
ALTER TABLE organisations RENAME COLUMN invite_policy_checked TO invite_policy;
ALTER TABLE organisations ADD COLUMN default_locale TEXT NOT NULL DEFAULT 'en'
    CHECK (default_locale IN ('en', 'ru'));
ALTER TABLE organisations ADD COLUMN default_message TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN employee_app_url TEXT;
ALTER TABLE organisations ADD COLUMN customer_app_url TEXT;
-- The audit action of a change to these settings.
INSERT INTO audit_actions (action) VALUES ('org.settings_changed');
