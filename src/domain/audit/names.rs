//! The names a page of the trail mentions — who acted, the account its details name, what its
//! subject is — read for the whole page at once: one query per kind of row (accounts, members,
//! invitations' members, roles, departments, organisations) instead of up to four per event.

use super::{Details, Scope, Subject};
use crate::db::ids::{AccountId, DepartmentId, InvitationId, MemberId, OrgId, RoleId};
use crate::db::models::{Account, AuditEvent, Member};
use crate::db::schema::{accounts, departments, invitations, members, organisations, roles};
use crate::db::DbConnection;
use diesel::prelude::*;
use std::collections::HashMap;

/// Accounts by key, with their display names.
pub(super) fn accounts_named(
    conn: &mut DbConnection,
    ids: &[AccountId],
) -> QueryResult<HashMap<AccountId, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(accounts::table
        .filter(accounts::id.eq_any(ids))
        .select(Account::as_select())
        .load(conn)?
        .into_iter()
        .map(|a| (a.id, a.display_name()))
        .collect())
}

/// What one page's events name.
#[derive(Default)]
pub(super) struct Names {
    accounts: HashMap<AccountId, String>,
    members: HashMap<MemberId, String>,
    invitation_members: HashMap<InvitationId, MemberId>,
    roles: HashMap<RoleId, String>,
    departments: HashMap<DepartmentId, String>,
    orgs: HashMap<OrgId, String>,
}

impl Names {
    /// Reads the names `events` (with their parsed details) mention, within `scope`: an
    /// organisation's trail names its own members, roles and departments only.
    pub(super) fn load(
        conn: &mut DbConnection,
        scope: Scope,
        events: &[(AuditEvent, Details)],
    ) -> QueryResult<Names> {
        let mut account_ids = Vec::new();
        let (mut member_ids, mut invitation_ids) = (Vec::new(), Vec::new());
        let (mut role_ids, mut department_ids, mut org_ids) = (Vec::new(), Vec::new(), Vec::new());
        for (event, details) in events {
            account_ids.extend(event.actor_account_id);
            account_ids.extend(details.account());
            match scope {
                Scope::Platform => org_ids.extend(event.org_id),
                Scope::Org(_) => match Subject::parse(&event.subject) {
                    Subject::Account(id) => account_ids.push(id),
                    Subject::Member(id) => member_ids.push(id),
                    Subject::Invitation(id) => invitation_ids.push(id),
                    Subject::Role(id) => role_ids.push(id),
                    Subject::Department(id) => department_ids.push(id),
                    Subject::None | Subject::Text(_) => {}
                },
            }
        }
        let mut names = Names {
            accounts: accounts_named(conn, &account_ids)?,
            ..Names::default()
        };
        if !org_ids.is_empty() {
            names.orgs = organisations::table
                .filter(organisations::id.eq_any(&org_ids))
                .select((
                    organisations::id,
                    organisations::name,
                    organisations::customer_number,
                ))
                .load::<(OrgId, String, String)>(conn)?
                .into_iter()
                .map(|(id, name, number)| (id, format!("{name} ({number})")))
                .collect();
        }
        let Scope::Org(org_id) = scope else {
            return Ok(names);
        };
        if !invitation_ids.is_empty() {
            names.invitation_members = invitations::table
                .filter(invitations::org_id.eq(org_id))
                .filter(invitations::id.eq_any(&invitation_ids))
                .select((invitations::id, invitations::member_id))
                .load::<(InvitationId, MemberId)>(conn)?
                .into_iter()
                .collect();
            member_ids.extend(names.invitation_members.values().copied());
        }
        if !member_ids.is_empty() {
            names.members = members::table
                .filter(members::org_id.eq(org_id))
                .filter(members::id.eq_any(&member_ids))
                .select(Member::as_select())
                .load(conn)?
                .into_iter()
                .map(|m| (m.id, m.display_name()))
                .collect();
        }
        if !role_ids.is_empty() {
            names.roles = roles::table
                .filter(roles::org_id.eq(org_id))
                .filter(roles::id.eq_any(&role_ids))
                .select((roles::id, roles::name))
                .load(conn)?
                .into_iter()
                .collect();
        }
        if !department_ids.is_empty() {
            names.departments = departments::table
                .filter(departments::org_id.eq(org_id))
                .filter(departments::id.eq_any(&department_ids))
                .select((departments::id, departments::name))
                .load(conn)?
                .into_iter()
                .collect();
        }
        Ok(names)
    }

    /// An account's name, if it still exists.
    pub(super) fn account(&self, id: Option<AccountId>) -> Option<String> {
        id.and_then(|id| self.accounts.get(&id).cloned())
    }

    /// What an event's subject names: on an organisation's trail a member by their card's
    /// name (an invitation by its member's), a role or a department by its name now (nothing
    /// once deleted: the details keep the name it had), an account by its name, other
    /// subjects (a customer number, a setting) as stored; on the platform's trail the
    /// organisation the event concerns, or the subject as stored.
    pub(super) fn subject(&self, scope: Scope, event: &AuditEvent) -> Option<String> {
        if scope == Scope::Platform {
            return match event.org_id {
                Some(id) => self.orgs.get(&id).cloned(),
                None => Some(event.subject.clone()).filter(|s| !s.is_empty()),
            };
        }
        match Subject::parse(&event.subject) {
            Subject::None => None,
            Subject::Text(text) => Some(text.to_owned()),
            Subject::Account(id) => self.account(Some(id)),
            Subject::Role(id) => self.roles.get(&id).cloned(),
            Subject::Department(id) => self.departments.get(&id).cloned(),
            Subject::Member(id) => self.members.get(&id).cloned(),
            Subject::Invitation(id) => self
                .invitation_members
                .get(&id)
                .and_then(|m| self.members.get(m).cloned()),
        }
    }
}
