//! The outbox's jobs and the audit trail's events.

use crate::db::enums::AuditAction;
use crate::db::ids::*;
use crate::db::schema::*;
use diesel::prelude::*;
use time::PrimitiveDateTime;

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
