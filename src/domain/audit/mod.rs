//! The audit trail (docs/PRODUCT.md §2.15): who did what, where, when.

mod details;
mod names;

use crate::db::enums::AuditAction;
use crate::db::ids::{AccountId, DepartmentId, InvitationId, MemberId, OrgId, RoleId};
use crate::db::models::{AuditEvent, NewAuditEvent};
use crate::db::schema::audit_events;
use crate::db::DbConnection;
pub use details::{Details, OrgField, OrgFieldChange, OrgSettingChange, SignInVia};
use diesel::prelude::*;
use time::PrimitiveDateTime;

pub struct Event<'a> {
    pub org_id: Option<OrgId>,
    pub actor_account_id: Option<AccountId>,
    pub action: AuditAction,
    pub subject: Subject<'a>,
    pub details: Details,
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

impl Subject<'_> {
    /// The stored prefix of a subject that is a row, and its key.
    fn row(&self) -> Option<(&'static str, i64)> {
        match self {
            Subject::Member(id) => Some((Self::MEMBER, id.get())),
            Subject::Invitation(id) => Some((Self::INVITATION, id.get())),
            Subject::Account(id) => Some((Self::ACCOUNT, id.get())),
            Subject::Role(id) => Some((Self::ROLE, id.get())),
            Subject::Department(id) => Some((Self::DEPARTMENT, id.get())),
            Subject::None | Subject::Text(_) => None,
        }
    }

    const MEMBER: &'static str = "member";
    const INVITATION: &'static str = "invitation";
    const ACCOUNT: &'static str = "account";
    const ROLE: &'static str = "role";
    const DEPARTMENT: &'static str = "department";

    /// A subject as stored: a row as `kind:id`, or the text.
    fn parse(stored: &str) -> Subject<'_> {
        let row = stored
            .split_once(':')
            .and_then(|(kind, id)| Some((kind, id.parse::<i64>().ok()?)));
        match row {
            Some((Self::MEMBER, id)) => Subject::Member(MemberId::from_raw(id)),
            Some((Self::INVITATION, id)) => Subject::Invitation(InvitationId::from_raw(id)),
            Some((Self::ACCOUNT, id)) => Subject::Account(AccountId::from_raw(id)),
            Some((Self::ROLE, id)) => Subject::Role(RoleId::from_raw(id)),
            Some((Self::DEPARTMENT, id)) => Subject::Department(DepartmentId::from_raw(id)),
            _ if stored.is_empty() => Subject::None,
            _ => Subject::Text(stored),
        }
    }
}

impl std::fmt::Display for Subject<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self, self.row()) {
            (_, Some((kind, id))) => write!(f, "{kind}:{id}"),
            (Subject::Text(text), None) => f.write_str(text),
            _ => Ok(()),
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
    let details: Vec<String> = events.iter().map(|e| e.details.stored()).collect();
    let rows: Vec<NewAuditEvent<'_>> = events
        .iter()
        .zip(subjects.iter().zip(&details))
        .map(|(e, (subject, details))| NewAuditEvent {
            org_id: e.org_id,
            actor_account_id: e.actor_account_id,
            action: e.action,
            subject,
            details,
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
    AuditAction::MemberDeleted,
    AuditAction::MemberAdminGranted,
    AuditAction::MemberAdminRevoked,
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
    AuditAction::AccountDisabled,
    AuditAction::AccountEnabled,
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

/// One row of the audit page: the event, who did it, what its subject names, its details
/// read back, and the name of the account they name (if any).
#[derive(Debug, Clone)]
pub struct Row {
    pub event: AuditEvent,
    pub actor_name: Option<String>,
    pub subject_name: Option<String>,
    pub details: Details,
    pub details_account: Option<String>,
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
    let events: Vec<(AuditEvent, Details)> = events
        .into_iter()
        .map(|e| {
            let details = Details::parse(&e.details);
            (e, details)
        })
        .collect();
    let names = names::Names::load(conn, scope, &events)?;
    let rows = events
        .into_iter()
        .map(|(event, details)| Row {
            actor_name: names.account(event.actor_account_id),
            subject_name: names.subject(scope, &event),
            details_account: names.account(details.account()),
            event,
            details,
        })
        .collect();
    Ok((rows, total))
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
    let ids: Vec<AccountId> = ids.into_iter().flatten().collect();
    let mut out: Vec<(AccountId, String)> =
        names::accounts_named(conn, &ids)?.into_iter().collect();
    out.sort_by_key(|(id, name)| (name.to_lowercase(), *id));
    Ok(out)
}
