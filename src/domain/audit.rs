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
    record_many(conn, now, &[e])
}

/// Records many events with multi-row statements, each as [`record`] would.
pub fn record_many(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    events: &[Event<'_>],
) -> QueryResult<()> {
    let subjects: Vec<String> = events.iter().map(|e| e.subject.to_string()).collect();
    let rows: Vec<NewAuditEvent<'_>> = events
        .iter()
        .zip(&subjects)
        .map(|(e, subject)| NewAuditEvent {
            org_id: e.org_id,
            actor_account_id: e.actor_account_id,
            action: e.action,
            subject,
            details: e.details,
            request_id: e.request_id,
            created_at: now,
        })
        .collect();
    crate::db::bulk::insert_audit_events(conn, &rows)?;
    for (e, subject) in events.iter().zip(&subjects) {
        tracing::info!(
            target: "audit",
            action = e.action.as_str(),
            org = ?e.org_id,
            actor = ?e.actor_account_id,
            subject = ?subject,
            request_id = %e.request_id,
            "audit"
        );
    }
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

/// The actions an organisation's audit page offers as a filter: every action recorded with an
/// organisation (the rest are platform or log events). A test reads the source for the actions
/// recorded with an organisation and fails when this list differs
/// (tests/integration/audit_actions.rs).
pub const ORG_ACTIONS: &[AuditAction] = &[
    AuditAction::OrgCreated,
    AuditAction::MemberCreated,
    AuditAction::MemberUpdated,
    AuditAction::MemberRolesChanged,
    AuditAction::InvitationCreated,
    AuditAction::InvitationResent,
    AuditAction::InvitationRenewed,
    AuditAction::InvitationRevoked,
    AuditAction::InvitationAccepted,
    AuditAction::InvitationFailed,
    AuditAction::LimitDaily,
    AuditAction::LimitSeats,
    AuditAction::RoleCreated,
    AuditAction::RoleRenamed,
    AuditAction::RoleDeleted,
    AuditAction::DepartmentCreated,
    AuditAction::DepartmentRenamed,
    AuditAction::DepartmentDeleted,
    AuditAction::ImportCommitted,
    AuditAction::ImportFinished,
    AuditAction::OrgSettingsChanged,
    AuditAction::OrgUpdated,
    AuditAction::OrgDisabled,
    AuditAction::OrgEnabled,
    AuditAction::MemberLeft,
    AuditAction::MemberRemoved,
    AuditAction::UsersExported,
    // A wrong password on the organisation's invitation page.
    AuditAction::SigninFailed,
];

/// The operator's actions, shown on the platform audit page.
pub const PLATFORM_ACTIONS: &[AuditAction] = &[
    AuditAction::OrgCreated,
    AuditAction::OrgUpdated,
    AuditAction::OrgDisabled,
    AuditAction::OrgEnabled,
    AuditAction::SettingsChanged,
    AuditAction::OperatorCreated,
    AuditAction::OperatorGranted,
];

/// Whose trail a page shows: one organisation's events, or the platform operator's actions
/// (on every organisation, and platform-wide ones with no organisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Org(OrgId),
    Platform,
}

impl Scope {
    fn query(
        self,
    ) -> audit_events::BoxedQuery<'static, <DbConnection as diesel::Connection>::Backend> {
        match self {
            Scope::Org(org_id) => audit_events::table
                .filter(audit_events::org_id.eq(org_id))
                .into_boxed(),
            Scope::Platform => audit_events::table
                .filter(audit_events::action.eq_any(PLATFORM_ACTIONS))
                .into_boxed(),
        }
    }
}

/// What the audit page shows: by whom, what, and a day range (inclusive, UTC).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub actor: Option<AccountId>,
    pub action: Option<AuditAction>,
    pub from: Option<time::Date>,
    pub to: Option<time::Date>,
}

/// One row of the audit page: the event, who did it and what its subject names.
#[derive(Debug, Clone)]
pub struct Row {
    pub event: AuditEvent,
    pub actor_name: Option<String>,
    pub subject_name: Option<String>,
}

/// One page of an organisation's events, newest first, and how many match in all.
pub fn page_for_org(
    conn: &mut DbConnection,
    org_id: OrgId,
    filter: &Filter,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Row>, i64)> {
    page(conn, Scope::Org(org_id), filter, offset, limit)
}

/// One page of a trail, newest first, and how many match in all. On the platform's trail the
/// subject is named by the organisation the event concerns.
pub fn page(
    conn: &mut DbConnection,
    scope: Scope,
    filter: &Filter,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Row>, i64)> {
    let query = || {
        let mut q = scope.query();
        if let Some(actor) = filter.actor {
            q = q.filter(audit_events::actor_account_id.eq(actor));
        }
        if let Some(action) = filter.action {
            q = q.filter(audit_events::action.eq(action));
        }
        if let Some(from) = filter.from {
            q = q.filter(audit_events::created_at.ge(from.midnight()));
        }
        if let Some(to) = filter.to.and_then(|d| d.next_day()) {
            q = q.filter(audit_events::created_at.lt(to.midnight()));
        }
        q
    };
    let total: i64 = query().count().get_result(conn)?;
    let events: Vec<AuditEvent> = query()
        .order((audit_events::created_at.desc(), audit_events::id.desc()))
        .offset(offset)
        .limit(limit)
        .select(AuditEvent::as_select())
        .load(conn)?;
    let mut rows = Vec::with_capacity(events.len());
    for event in events {
        let actor_name = match event.actor_account_id {
            Some(id) => super::accounts::get(conn, id)?.map(|a| a.display_name()),
            None => None,
        };
        let subject_name = match scope {
            Scope::Org(org_id) => subject_name(conn, org_id, &event.subject)?,
            Scope::Platform => match event.org_id {
                Some(id) => super::orgs::get(conn, id)?
                    .map(|o| format!("{} ({})", o.name, o.customer_number)),
                None => Some(event.subject.clone()).filter(|s| !s.is_empty()),
            },
        };
        rows.push(Row {
            event,
            actor_name,
            subject_name,
        });
    }
    Ok((rows, total))
}

/// The member an event's subject (`member:N`, `invitation:N`) is about, within the
/// organisation.
fn subject_name(
    conn: &mut DbConnection,
    org_id: OrgId,
    subject: &str,
) -> QueryResult<Option<String>> {
    use crate::db::models::Member;
    use crate::db::schema::{invitations, members};
    let member_id: Option<MemberId> = if let Some(id) = subject.strip_prefix("member:") {
        id.parse::<i64>().ok().map(MemberId::from_raw)
    } else if let Some(id) = subject.strip_prefix("invitation:") {
        match id.parse::<i64>().ok().map(InvitationId::from_raw) {
            Some(inv) => invitations::table
                .filter(invitations::id.eq(inv))
                .filter(invitations::org_id.eq(org_id))
                .select(invitations::member_id)
                .first(conn)
                .optional()?,
            None => None,
        }
    } else {
        None
    };
    let Some(member_id) = member_id else {
        return Ok(None);
    };
    let member: Option<Member> = members::table
        .filter(members::id.eq(member_id))
        .filter(members::org_id.eq(org_id))
        .select(Member::as_select())
        .first(conn)
        .optional()?;
    Ok(member.map(|m| m.display_name()))
}

/// The accounts that appear as actors in an organisation's trail, by name.
pub fn actors_for_org(
    conn: &mut DbConnection,
    org_id: OrgId,
) -> QueryResult<Vec<(AccountId, String)>> {
    actors(conn, Scope::Org(org_id))
}

/// The accounts that appear as actors in a trail, by name.
pub fn actors(conn: &mut DbConnection, scope: Scope) -> QueryResult<Vec<(AccountId, String)>> {
    let ids: Vec<Option<AccountId>> = scope
        .query()
        .filter(audit_events::actor_account_id.is_not_null())
        .select(audit_events::actor_account_id)
        .distinct()
        .load(conn)?;
    let mut out = Vec::new();
    for id in ids.into_iter().flatten() {
        if let Some(a) = super::accounts::get(conn, id)? {
            out.push((id, a.display_name()));
        }
    }
    out.sort_by_key(|(_, name)| name.to_lowercase());
    Ok(out)
}
