//! Accounts, the operator's setup links and password-reset links.

use super::members::display_name;
use crate::db::enums::Channel;
use crate::db::ids::*;
use crate::db::schema::*;
use diesel::prelude::*;
use time::PrimitiveDateTime;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = accounts)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Account {
    pub id: AccountId,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub password_hash: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub locale: String,
    pub is_operator: bool,
    pub disabled_at: Option<PrimitiveDateTime>,
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
    /// Made through an invitation whose link was handed to the inviter ("Open in my mail app"):
    /// nobody has yet shown that they read the address's mail (see `domain::password_reset`).
    pub email_unproven: bool,
}

impl Account {
    pub fn display_name(&self) -> String {
        display_name(&self.first_name, &self.last_name, &self.email, &self.phone)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = accounts)]
pub struct NewAccount<'a> {
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub password_hash: Option<&'a str>,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub locale: &'a str,
    pub is_operator: bool,
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = setup_tokens)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct SetupToken {
    pub id: SetupTokenId,
    pub token_hash: String,
    pub email: Option<String>,
    pub created_at: PrimitiveDateTime,
    pub expires_at: PrimitiveDateTime,
    pub used_at: Option<PrimitiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = password_resets)]
pub struct NewPasswordReset<'a> {
    pub account_id: AccountId,
    pub channel: Channel,
    pub recipient: &'a str,
    pub nonce: &'a str,
    pub token_hash: &'a str,
    pub bound_hash: &'a str,
    pub created_at: PrimitiveDateTime,
    pub expires_at: PrimitiveDateTime,
}

/// A password-reset link: only the SHA-256 of its token is kept, and the digest of the password
/// hash it was made for (a link dies with the password it would replace).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = password_resets)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct PasswordReset {
    pub id: PasswordResetId,
    pub account_id: AccountId,
    pub channel: Channel,
    pub recipient: String,
    pub nonce: String,
    pub bound_hash: String,
    pub expires_at: PrimitiveDateTime,
    pub used_at: Option<PrimitiveDateTime>,
}
