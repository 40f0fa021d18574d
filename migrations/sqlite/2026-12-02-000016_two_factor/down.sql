DROP TABLE two_factor_recovery_codes;
DROP TABLE two_factor;
DELETE FROM audit_events WHERE action IN ('two_factor.enabled', 'two_factor.disabled',
    'two_factor.recovery_regenerated', 'two_factor.recovery_used');
DELETE FROM audit_actions WHERE action IN ('two_factor.enabled', 'two_factor.disabled',
    'two_factor.recovery_regenerated', 'two_factor.recovery_used');
