//! Member cards: the whole card, a row of the users table, new cards and their changes.

use crate::db::enums::{MemberKind, MemberStatus, Problem};
use crate::db::ids::*;
use crate::db::schema::*;
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// "First Last", or the e-mail, or the phone when there is no name.
pub(super) fn display_name(
    first: &str,
    last: &str,
    email: &Option<String>,
    phone: &Option<String>,
) -> String {
    let name = format!("{first} {last}");
    let name = name.trim();
    if name.is_empty() {
        email.clone().or_else(|| phone.clone()).unwrap_or_default()
    } else {
        name.to_owned()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = members)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Member {
    pub id: MemberId,
    pub org_id: OrgId,
    pub account_id: Option<AccountId>,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub kind: MemberKind,
    pub department_id: Option<DepartmentId>,
    pub position: String,
    /// Admin rights in this organisation: the one place they are recorded.
    pub is_admin: bool,
    pub invite_status: MemberStatus,
    pub invite_error: Option<Problem>,
    pub last_invited_at: Option<PrimitiveDateTime>,
    pub search_text: String,
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
}

impl Member {
    pub fn display_name(&self) -> String {
        display_name(&self.first_name, &self.last_name, &self.email, &self.phone)
    }

    /// Where the card is reached: its e-mail address, else its phone ("" with neither).
    pub fn contact(&self) -> &str {
        self.email
            .as_deref()
            .or(self.phone.as_deref())
            .unwrap_or("")
    }
}

/// A card as a row of the users table shows it: the columns the page reads, not the whole card
/// (every row of a page is decoded; the timestamps it does not show cost most).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = members)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct MemberRow {
    pub id: MemberId,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub kind: MemberKind,
    pub department_id: Option<DepartmentId>,
    pub invite_status: MemberStatus,
    pub invite_error: Option<Problem>,
    pub last_invited_at: Option<PrimitiveDateTime>,
}

impl MemberRow {
    pub fn display_name(&self) -> String {
        display_name(&self.first_name, &self.last_name, &self.email, &self.phone)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = members)]
pub struct NewMember<'a> {
    pub org_id: OrgId,
    pub account_id: Option<AccountId>,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub kind: MemberKind,
    pub department_id: Option<DepartmentId>,
    pub position: &'a str,
    pub is_admin: bool,
    pub invite_status: MemberStatus,
    pub search_text: &'a str,
    /// The names as the users table sorts them (`domain::members::name_key`).
    pub name_key: &'a str,
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
}

/// A card's edited values, written whole: `None` clears (an e-mail, phone or department
/// removed on the card), which Diesel's changesets otherwise skip.
#[derive(Debug, AsChangeset)]
#[diesel(table_name = members, treat_none_as_null = true)]
pub struct MemberChanges<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub kind: MemberKind,
    pub department_id: Option<DepartmentId>,
    pub position: &'a str,
    pub search_text: &'a str,
    /// The names as the users table sorts them (`domain::members::name_key`).
    pub name_key: &'a str,
    pub updated_at: PrimitiveDateTime,
}
