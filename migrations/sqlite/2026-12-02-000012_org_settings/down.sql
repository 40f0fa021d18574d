UPDATE audit_events SET action = 'settings.changed' WHERE action = 'org.settings_changed';
DELETE FROM audit_actions WHERE action = 'org.settings_changed';
ALTER TABLE organisations DROP COLUMN customer_app_url;
ALTER TABLE organisations DROP COLUMN employee_app_url;
ALTER TABLE organisations DROP COLUMN default_message;
ALTER TABLE organisations DROP COLUMN default_locale;
ALTER TABLE organisations ADD COLUMN invite_policy_text TEXT NOT NULL DEFAULT 'all_members';
UPDATE organisations SET invite_policy_text =
    CASE invite_policy WHEN 'admins_only' THEN 'admins_only' ELSE 'all_members' END;
ALTER TABLE organisations DROP COLUMN invite_policy;
ALTER TABLE organisations RENAME COLUMN invite_policy_text TO invite_policy;
