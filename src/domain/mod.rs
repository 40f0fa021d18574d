//! Business rules as plain functions over `&mut DbConnection`. Nothing here knows about HTTP.

use crate::db::ids::AccountId;

pub mod access;
pub mod account_password;
pub mod accounts;
pub mod admin_rights;
pub mod audit;
pub mod contact;
pub mod delivery;
pub mod departments;
pub mod housekeeping;
pub mod import;
pub mod invitations;
pub mod jobs;
pub mod leaving;
pub mod members;
pub mod memberships;
pub mod notices;
pub mod org_admins;
pub mod org_settings;
pub mod orgs;
pub mod password_reset;
pub mod passwords;
pub mod phone;
pub mod platform_accounts;
pub mod platform_orgs;
pub mod platform_settings;
pub mod recipients;
pub mod roles;
pub mod sessions;
pub mod settings;
pub mod setup;
pub mod signin;
pub mod sms_policy;
pub mod throttle;
pub mod tokens;
pub mod two_factor;

/// A new, time-ordered id (UUID v7): rows sort by creation without another index.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Errors the rules can raise; the web layer maps each to a status and a message.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("daily invitation limit reached, {remaining} left")]
    DailyLimit { remaining: i64, asked: i64 },
    #[error("seat limit reached, {remaining} left")]
    SeatLimit { remaining: i64, asked: i64 },
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

pub type DomainResult<T> = Result<T, DomainError>;

/// The person acting, already authenticated by the web layer.
#[derive(Debug, Clone)]
pub struct Actor {
    pub account_id: AccountId,
    pub request_id: String,
}

/// A unique-index violation is a conflict the form can explain; anything else is an error.
pub(crate) fn unique_as_conflict(e: diesel::result::Error, what: &'static str) -> DomainError {
    match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => DomainError::Conflict(what),
        e => DomainError::Db(e),
    }
}
