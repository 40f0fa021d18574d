//! Invitations and the bulk sends they belong to.

use crate::db::enums::{Channel, InvitationStatus, Problem};
use crate::db::ids::*;
use crate::db::schema::*;
use diesel::prelude::*;
use time::PrimitiveDateTime;

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
    /// Its link was handed to the inviter's mail program rather than sent by the server: whoever
    /// opens it has not shown that they read the address's mail.
    pub handed_over: bool,
}

impl Invitation {
    /// When the message was handed over and until when its link works — only once it was: one
    /// never sent may hold the expiry of a link minted for an attempt the server refused.
    pub fn sent_and_expiry(&self) -> (Option<PrimitiveDateTime>, Option<PrimitiveDateTime>) {
        if self.sent_at.is_some() {
            (self.sent_at, self.expires_at)
        } else {
            (None, None)
        }
    }
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
