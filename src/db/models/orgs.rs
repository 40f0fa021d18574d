//! Organisations, their departments and roles.

use crate::db::enums::{InvitePolicy, Language};
use crate::db::ids::*;
use crate::db::schema::*;
use diesel::prelude::*;
use time::PrimitiveDateTime;

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = organisations)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Organisation {
    pub id: OrgId,
    pub name: String,
    pub customer_number: String,
    pub seat_limit: i32,
    pub daily_invite_limit: i32,
    pub invite_policy: InvitePolicy,
    pub invitation_lifetime_hours: i32,
    pub created_at: PrimitiveDateTime,
    /// The language of messages whose recipient has none chosen.
    pub default_locale: Language,
    /// Offered as the personal message of new invitations.
    pub default_message: String,
    /// The mobile app shown to employees in invitation and welcome e-mails.
    pub employee_app_url: Option<String>,
    /// The mobile app shown to customers.
    pub customer_app_url: Option<String>,
    /// Set while the platform operator has the organisation disabled: its members are kept out.
    pub disabled_at: Option<PrimitiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = organisations)]
pub struct NewOrganisation<'a> {
    pub name: &'a str,
    pub customer_number: &'a str,
    pub seat_limit: i32,
    pub daily_invite_limit: i32,
    pub invite_policy: InvitePolicy,
    pub invitation_lifetime_hours: i32,
    pub created_at: PrimitiveDateTime,
    pub default_locale: Language,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = departments)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Department {
    pub id: DepartmentId,
    pub org_id: OrgId,
    pub name: String,
    pub created_at: PrimitiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = departments)]
pub struct NewDepartment<'a> {
    pub org_id: OrgId,
    pub name: &'a str,
    pub created_at: PrimitiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = roles)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
/// A role gives access within an organisation; admin rights are not a role (see `Member`).
pub struct Role {
    pub id: RoleId,
    pub org_id: OrgId,
    pub name: String,
    pub created_at: PrimitiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = roles)]
pub struct NewRole<'a> {
    pub org_id: OrgId,
    pub name: &'a str,
    pub created_at: PrimitiveDateTime,
}
