//! Platform-wide settings kept as key/value rows.

use crate::db::schema::platform_settings;
use crate::db::DbConnection;
use diesel::prelude::*;

pub const VERIFICATION_METHOD: &str = "verification_method";

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
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "email_only" => Some(Self::EmailOnly),
            "email_or_phone" => Some(Self::EmailOrPhone),
            _ => None,
        }
    }
}

pub fn get(conn: &mut DbConnection, key: &str) -> QueryResult<Option<String>> {
    platform_settings::table
        .find(key)
        .select(platform_settings::value)
        .first(conn)
        .optional()
}

pub fn set(conn: &mut DbConnection, key: &str, value: &str) -> QueryResult<()> {
    let updated = diesel::update(platform_settings::table.find(key))
        .set(platform_settings::value.eq(value))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(platform_settings::table)
            .values((
                platform_settings::key.eq(key),
                platform_settings::value.eq(value),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn verification_method(conn: &mut DbConnection) -> QueryResult<VerificationMethod> {
    Ok(get(conn, VERIFICATION_METHOD)?
        .and_then(|v| VerificationMethod::parse(&v))
        .unwrap_or(VerificationMethod::EmailOrPhone))
}

/// The region a phone number typed without its country code is read in (`RU`: `8 905 111-11-11`
/// is `+7 905 111 11 11`). Unset: every number needs its country code.
pub const DEFAULT_PHONE_REGION: &str = "default_phone_region";
/// The invitation lifetime a new organisation starts with, in hours.
pub const DEFAULT_LIFETIME_HOURS: &str = "default_invitation_lifetime_hours";
/// Whether operators / organisation admins must sign in with a second factor ("true"/"false").
pub const TWO_FACTOR_OPERATORS: &str = "two_factor_required_operators";
pub const TWO_FACTOR_ADMINS: &str = "two_factor_required_admins";

/// The lifetime new organisations get until the operator sets another.
pub const FALLBACK_LIFETIME_HOURS: i32 = 24;

pub fn default_phone_region(
    conn: &mut DbConnection,
) -> QueryResult<Option<phonenumber::country::Id>> {
    Ok(get(conn, DEFAULT_PHONE_REGION)?.and_then(|v| v.parse().ok()))
}

pub fn default_lifetime_hours(conn: &mut DbConnection) -> QueryResult<i32> {
    Ok(get(conn, DEFAULT_LIFETIME_HOURS)?
        .and_then(|v| v.parse().ok())
        .filter(|h: &i32| *h > 0)
        .unwrap_or(FALLBACK_LIFETIME_HOURS))
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
                .eq(TWO_FACTOR_OPERATORS)
                .or(platform_settings::key.eq(TWO_FACTOR_ADMINS)),
        )
        .filter(platform_settings::value.eq("true"))
        .select(platform_settings::key)
        .load(conn)?;
    Ok(TwoFactorPolicy {
        operators: on.iter().any(|k| k == TWO_FACTOR_OPERATORS),
        admins: on.iter().any(|k| k == TWO_FACTOR_ADMINS),
    })
}
