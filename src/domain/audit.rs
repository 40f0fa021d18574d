//! The audit trail (docs/PRODUCT.md §2.15): who did what, where, when.

use crate::db::enums::AuditAction;
use crate::db::models::{AuditEvent, NewAuditEvent};
use crate::db::schema::audit_events;
use crate::db::DbConnection;
use diesel::prelude::*;
use time::PrimitiveDateTime;

pub struct Event<'a> {
    pub org_id: Option<&'a str>,
    pub actor_user_id: Option<&'a str>,
    pub action: AuditAction,
    pub subject: &'a str,
    pub details: &'a str,
    pub request_id: &'a str,
}

pub fn record(conn: &mut DbConnection, now: PrimitiveDateTime, e: Event<'_>) -> QueryResult<()> {
    let id = super::new_id();
    diesel::insert_into(audit_events::table)
        .values(NewAuditEvent {
            id: &id,
            org_id: e.org_id,
            actor_user_id: e.actor_user_id,
            action: e.action,
            subject: e.subject,
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
        actor = ?e.actor_user_id,
        subject = ?e.subject,
        request_id = ?e.request_id,
        "audit"
    );
    Ok(())
}

pub fn recent_for_org(
    conn: &mut DbConnection,
    org_id: &str,
    limit: i64,
) -> QueryResult<Vec<AuditEvent>> {
    audit_events::table
        .filter(audit_events::org_id.eq(org_id))
        .order((audit_events::created_at.desc(), audit_events::id.desc()))
        .limit(limit)
        .select(AuditEvent::as_select())
        .load(conn)
}
