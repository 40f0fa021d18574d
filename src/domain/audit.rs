//! The audit trail (docs/PRODUCT.md §2.15): who did what, where, when.

use crate::db::enums::AuditAction;
use crate::db::ids::{AccountId, DepartmentId, InvitationId, MemberId, OrgId, RoleId};
use crate::db::models::{AuditEvent, NewAuditEvent};
use crate::db::schema::audit_events;
use crate::db::DbConnection;
use diesel::prelude::*;
use time::PrimitiveDateTime;

pub struct Event<'a> {
    pub org_id: Option<OrgId>,
    pub actor_account_id: Option<AccountId>,
    pub action: AuditAction,
    pub subject: Subject<'a>,
    pub details: &'a str,
    pub request_id: &'a str,
}

/// What an event is about, stored as `kind:id` so that the trail says what a number names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    None,
    Member(MemberId),
    Invitation(InvitationId),
    Account(AccountId),
    Role(RoleId),
    Department(DepartmentId),
    /// Something that is not a row: a customer number, a sign-in name, a throttle key.
    Text(&'a str),
}

impl std::fmt::Display for Subject<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::None => Ok(()),
            Subject::Member(id) => write!(f, "member:{id}"),
            Subject::Invitation(id) => write!(f, "invitation:{id}"),
            Subject::Account(id) => write!(f, "account:{id}"),
            Subject::Role(id) => write!(f, "role:{id}"),
            Subject::Department(id) => write!(f, "department:{id}"),
            Subject::Text(text) => f.write_str(text),
        }
    }
}

pub fn record(conn: &mut DbConnection, now: PrimitiveDateTime, e: Event<'_>) -> QueryResult<()> {
    let subject = e.subject.to_string();
    diesel::insert_into(audit_events::table)
        .values(NewAuditEvent {
            org_id: e.org_id,
            actor_account_id: e.actor_account_id,
            action: e.action,
            subject: &subject,
            details: e.details,
            request_id: e.request_id,
            created_at: now,
        })
        .execute(conn)?;
    // Structured log line; values are Debug-escaped so they cannot forge lines (docs/SECURITY.md
    // H1).
    tracing::info!(
        target: "audit",
        action = e.action.as_str(),
        org = ?e.org_id,
        actor = ?e.actor_account_id,
        subject = ?subject,
        request_id = ?e.request_id,
        "audit"
    );
    Ok(())
}

pub fn recent_for_org(
    conn: &mut DbConnection,
    org_id: OrgId,
    limit: i64,
) -> QueryResult<Vec<AuditEvent>> {
    audit_events::table
        .filter(audit_events::org_id.eq(org_id))
        .order((audit_events::created_at.desc(), audit_events::id.desc()))
        .limit(limit)
        .select(AuditEvent::as_select())
        .load(conn)
}
