//! Row, insert and changeset structs, one set per table.

use crate::db::enums::{
    AuditAction, Channel, InvitationStatus, InvitePolicy, Language, MemberKind, MemberStatus,
    Problem,
};
use crate::db::ids::*;
use crate::db::schema::*;
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// "First Last", or the e-mail, or the phone when there is no name.
fn display_name(first: &str, last: &str, email: &Option<String>, phone: &Option<String>) -> String {
    let name = format!("{first} {last}");
    let name = name.trim();
    if name.is_empty() {
        email.clone().or_else(|| phone.clone()).unwrap_or_default()
    } else {
        name.to_owned()
    }
}

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
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
}

#[derive(Debug, AsChangeset)]
#[diesel(table_name = members)]
pub struct MemberChanges<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub kind: MemberKind,
    pub department_id: Option<DepartmentId>,
    pub position: &'a str,
    pub search_text: &'a str,
    pub updated_at: PrimitiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = invitations)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Invitation {
    pub id: InvitationId,
    pub org_id: OrgId,
    pub member_id: MemberId,
    pub inviter_account_id: Option<AccountId>,
    pub channel: Channel,
    pub recipient: String,
    pub token_hash: Option<String>,
    pub token_generation: i32,
    pub status: InvitationStatus,
    pub error: Option<Problem>,
    pub department_id: Option<DepartmentId>,
    /// The offer of admin rights, applied to the member when the invitation is accepted.
    pub grant_admin: bool,
    pub message: String,
    pub locale: String,
    pub created_at: PrimitiveDateTime,
    pub sent_at: Option<PrimitiveDateTime>,
    pub expires_at: Option<PrimitiveDateTime>,
    pub accepted_at: Option<PrimitiveDateTime>,
    pub accepted_account_id: Option<AccountId>,
    pub revoked_at: Option<PrimitiveDateTime>,
    /// The bulk send this invitation belongs to, if any.
    pub batch_id: Option<BatchId>,
    /// The invitation that replaced this one (a resend or a renewal): shown "Replaced".
    pub replaced_by: Option<InvitationId>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = invitations)]
pub struct NewInvitation<'a> {
    pub org_id: OrgId,
    pub member_id: MemberId,
    pub inviter_account_id: Option<AccountId>,
    pub channel: Channel,
    pub recipient: &'a str,
    pub token_hash: Option<&'a str>,
    pub token_generation: i32,
    pub status: InvitationStatus,
    pub department_id: Option<DepartmentId>,
    pub grant_admin: bool,
    pub message: &'a str,
    pub locale: &'a str,
    pub created_at: PrimitiveDateTime,
    pub batch_id: Option<BatchId>,
}

/// A job as stored: `kind` and `payload` are decoded by `domain::jobs::Job`.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = outbox_jobs)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct OutboxJob {
    pub id: JobId,
    pub kind: String,
    pub payload: String,
    pub idempotency_key: String,
    pub run_at: PrimitiveDateTime,
    pub attempts: i32,
    pub max_attempts: i32,
    pub locked_by: Option<String>,
    pub locked_until: Option<PrimitiveDateTime>,
    pub last_error: Option<String>,
    pub failed_at: Option<PrimitiveDateTime>,
    pub created_at: PrimitiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = outbox_jobs)]
pub struct NewOutboxJob<'a> {
    pub kind: &'a str,
    pub payload: &'a str,
    pub idempotency_key: &'a str,
    pub run_at: PrimitiveDateTime,
    pub attempts: i32,
    pub max_attempts: i32,
    pub created_at: PrimitiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = audit_events)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct AuditEvent {
    pub id: i64,
    pub org_id: Option<OrgId>,
    pub actor_account_id: Option<AccountId>,
    pub action: AuditAction,
    pub subject: String,
    pub details: String,
    pub request_id: String,
    pub created_at: PrimitiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = audit_events)]
pub struct NewAuditEvent<'a> {
    pub org_id: Option<OrgId>,
    pub actor_account_id: Option<AccountId>,
    pub action: AuditAction,
    pub subject: &'a str,
    pub details: &'a str,
    pub request_id: &'a str,
    pub created_at: PrimitiveDateTime,
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

/// A bulk send of invitations (its progress page counts the invitations that point at it).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = invite_batches)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct InviteBatch {
    pub id: BatchId,
    pub org_id: OrgId,
    pub created_by_account_id: Option<AccountId>,
    pub created_at: PrimitiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = invite_batches)]
pub struct NewInviteBatch {
    pub org_id: OrgId,
    pub created_by_account_id: Option<AccountId>,
    pub created_at: PrimitiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = imports)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct Import {
    pub id: ImportId,
    pub org_id: OrgId,
    pub created_by_account_id: Option<AccountId>,
    pub file_name: String,
    pub send_invitation: bool,
    pub default_kind: MemberKind,
    pub create_departments: bool,
    pub status: crate::db::import_enums::ImportStatus,
    pub total_rows: i32,
    /// The batch its invitations belong to (set on commit when "Send invitation" is on).
    pub batch_id: Option<BatchId>,
    pub created_at: PrimitiveDateTime,
    pub committed_at: Option<PrimitiveDateTime>,
    pub finished_at: Option<PrimitiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = imports)]
pub struct NewImport<'a> {
    pub org_id: OrgId,
    pub created_by_account_id: Option<AccountId>,
    pub file_name: &'a str,
    pub send_invitation: bool,
    pub default_kind: MemberKind,
    pub status: crate::db::import_enums::ImportStatus,
    pub total_rows: i32,
    pub created_at: PrimitiveDateTime,
}

/// A row of an import: the file's cells and what the row does.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = import_rows)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ImportRow {
    pub import_id: ImportId,
    pub line: i32,
    pub email: String,
    pub phone: String,
    pub first_name: String,
    pub last_name: String,
    pub kind: String,
    pub department: String,
    pub position: String,
    pub roles: String,
    pub outcome: crate::db::import_enums::ImportOutcome,
    pub problem: Option<crate::db::import_enums::ImportProblem>,
    pub member_id: Option<MemberId>,
    pub done: bool,
    pub invited: bool,
}
