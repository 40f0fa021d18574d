//! Platform-wide settings kept as key/value rows, each under its [`Key`].

use super::audit::{self, Event, Subject};
use super::Actor;
use crate::db::enums::AuditAction;
use crate::db::schema::platform_settings;
use crate::db::DbConnection;
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// Every platform setting; a row of `platform_settings` is stored under [`Key::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    VerificationMethod,
    /// The region a phone number typed without its country code is read in (`RU`:
    /// `8 905 111-11-11` is `+7 905 111 11 11`). Unset: every number needs its country code.
    DefaultPhoneRegion,
    /// The invitation lifetime a new organisation starts with, in hours.
    DefaultLifetimeHours,
    /// Whether operators / organisation admins must sign in with a second factor
    /// ("true"/"false").
    TwoFactorOperators,
    TwoFactorAdmins,
    /// The countries SMS may be sent to (`super::sms_policy`).
    SmsCountries,
    /// SMS a day on the whole platform, and per organisation.
    SmsPlatformCap,
    SmsOrgCap,
}

impl Key {
    pub const ALL: [Key; 8] = [
        Key::VerificationMethod,
        Key::DefaultPhoneRegion,
        Key::DefaultLifetimeHours,
        Key::TwoFactorOperators,
        Key::TwoFactorAdmins,
        Key::SmsCountries,
        Key::SmsPlatformCap,
        Key::SmsOrgCap,
    ];

    /// The stored name (the audit trail's details name a change by it).
    pub const fn as_str(self) -> &'static str {
        match self {
            Key::VerificationMethod => "verification_method",
            Key::DefaultPhoneRegion => "default_phone_region",
            Key::DefaultLifetimeHours => "default_invitation_lifetime_hours",
            Key::TwoFactorOperators => "two_factor_required_operators",
            Key::TwoFactorAdmins => "two_factor_required_admins",
            Key::SmsCountries => "sms_countries",
            Key::SmsPlatformCap => "sms_daily_cap",
            Key::SmsOrgCap => "sms_daily_cap_per_org",
        }
    }
}

// As its stored name in serialized records (the audit trail's details).
impl serde::Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Key::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown setting: {text:?}")))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerificationMethod {
    EmailOnly,
    EmailOrPhone,
}

impl VerificationMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::EmailOnly => "email_only",
            Self::EmailOrPhone => "email_or_phone",
        }
    }
    /// The hint beside a card's or an invitation's contact fields: where the invitation goes.
    pub fn contact_hint_key(self) -> &'static str {
        match self {
            Self::EmailOnly => "hint-email-only",
            Self::EmailOrPhone => "hint-email-or-phone",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "email_only" => Some(Self::EmailOnly),
            "email_or_phone" => Some(Self::EmailOrPhone),
            _ => None,
        }
    }
}

pub fn get(conn: &mut DbConnection, key: Key) -> QueryResult<Option<String>> {
    platform_settings::table
        .find(key.as_str())
        .select(platform_settings::value)
        .first(conn)
        .optional()
}

pub fn set(conn: &mut DbConnection, key: Key, value: &str) -> QueryResult<()> {
    let updated = diesel::update(platform_settings::table.find(key.as_str()))
        .set(platform_settings::value.eq(value))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(platform_settings::table)
            .values((
                platform_settings::key.eq(key.as_str()),
                platform_settings::value.eq(value),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn verification_method(conn: &mut DbConnection) -> QueryResult<VerificationMethod> {
    Ok(get(conn, Key::VerificationMethod)?
        .and_then(|v| VerificationMethod::parse(&v))
        .unwrap_or(VerificationMethod::EmailOrPhone))
}

pub fn default_phone_region(
    conn: &mut DbConnection,
) -> QueryResult<Option<phonenumber::country::Id>> {
    Ok(get(conn, Key::DefaultPhoneRegion)?.and_then(|v| v.parse().ok()))
}

/// The lifetime new organisations start with: the operator's, or `fallback` (the configured
/// lifetime) while the operator has set none.
pub fn default_lifetime_hours(conn: &mut DbConnection, fallback: i32) -> QueryResult<i32> {
    Ok(get(conn, Key::DefaultLifetimeHours)?
        .and_then(|v| v.parse().ok())
        .filter(|h: &i32| *h > 0)
        .unwrap_or(fallback))
}

/// Who must use two-factor sign-in, as the operator set it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TwoFactorPolicy {
    pub operators: bool,
    pub admins: bool,
}

/// Read on every signed-in request (`web::page`), so both keys come in one query.
pub fn two_factor_policy(conn: &mut DbConnection) -> QueryResult<TwoFactorPolicy> {
    let on: Vec<String> = platform_settings::table
        // Two `=` rather than `IN (…)`: Diesel keeps the prepared statement of the former and
        // prepares the latter anew on every call (on SQLite), once per signed-in request.
        .filter(
            platform_settings::key
                .eq(Key::TwoFactorOperators.as_str())
                .or(platform_settings::key.eq(Key::TwoFactorAdmins.as_str())),
        )
        .filter(platform_settings::value.eq("true"))
        .select(platform_settings::key)
        .load(conn)?;
    Ok(TwoFactorPolicy {
        operators: on.iter().any(|k| k == Key::TwoFactorOperators.as_str()),
        admins: on.iter().any(|k| k == Key::TwoFactorAdmins.as_str()),
    })
}

/// Stores each `(key, before, after)` whose value changed and audits it (old → new); returns
/// how many changed. Called inside the saving form's transaction.
pub fn store_changes<const N: usize>(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    changes: [(Key, String, String); N],
) -> QueryResult<usize> {
    let mut changed = 0;
    for (key, before, after) in changes {
        if before == after {
            continue;
        }
        set(conn, key, &after)?;
        audit::record(
            conn,
            now,
            Event {
                org_id: None,
                actor_account_id: Some(actor.account_id),
                action: AuditAction::SettingsChanged,
                // The details name the setting, in the page's words.
                subject: Subject::None,
                details: audit::Details::Setting { key, before, after },
                request_id: &actor.request_id,
            },
        )?;
        changed += 1;
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::Key;

    #[test]
    fn every_key_has_its_own_stored_name() {
        let mut names: Vec<&str> = Key::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Key::ALL.len());
    }
}
