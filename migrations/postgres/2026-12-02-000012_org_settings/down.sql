UPDATE audit_events SET action = 'settings.changed' WHERE action = 'org.settings_changed';
DELETE FROM audit_actions WHERE action = 'org.settings_changed';
ALTER TABLE organisations
    DROP COLUMN customer_app_url,
    DROP COLUMN employee_app_url,
    DROP COLUMN default_message,
    DROP COLUMN default_locale,
    DROP CONSTRAINT organisations_invite_policy_check,
    ALTER COLUMN invite_policy SET DEFAULT 'all_members';
UPDATE organisations SET invite_policy =
    CASE invite_policy WHEN 'admins_only' THEN 'admins_only' ELSE 'all_members' END;
