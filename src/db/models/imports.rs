//! CSV imports and their rows.

use crate::db::enums::MemberKind;
use crate::db::ids::*;
use crate::db::schema::*;
use diesel::prelude::*;
use time::PrimitiveDateTime;

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
    /// The admin who committed it: its invitations go out in their name.
    pub committed_by_account_id: Option<AccountId>,
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
