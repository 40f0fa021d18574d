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
