//! What rows are checked against: the organisation's departments and roles by name, its phone
//! rules, and the cards the rows can match (by e-mail, then phone) with their roles — loaded in
//! a few queries per file or chunk, never per row.

use super::read::RawRow;
use crate::db::ids::{DepartmentId, MemberId, OrgId, RoleId};
use crate::db::import_enums::ImportProblem;
use crate::db::models::Member;
use crate::db::schema::{member_roles, members};
use crate::db::DbConnection;
use crate::domain::contact::{self, ContactProblem, EmailAddress, PhoneNumber, PhoneRules};
use diesel::prelude::*;
use std::collections::{HashMap, HashSet};

/// The organisation's departments and roles by their names (case, `ё`/`е` and surrounding
/// spaces ignored), and its phone rules.
pub struct OrgView {
    pub(super) departments: HashMap<String, DepartmentId>,
    pub(super) roles: HashMap<String, RoleId>,
    pub(super) phones: PhoneRules,
}

/// A department's or role's name as rows are matched with it: case aside, `ё` read as `е`
/// (two names the same this way cannot both exist: `roles`, `departments`).
pub(super) fn name_key(name: &str) -> String {
    crate::domain::members::folded(&contact::clean_text(name))
}

impl OrgView {
    pub fn load(conn: &mut DbConnection, org_id: OrgId) -> QueryResult<OrgView> {
        let departments = crate::domain::departments::names(conn, org_id)?
            .into_iter()
            .map(|(id, name)| (name_key(&name), id))
            .collect();
        let roles = crate::domain::roles::names(conn, org_id)?
            .into_iter()
            .map(|(id, name)| (name_key(&name), id))
            .collect();
        Ok(OrgView {
            departments,
            roles,
            phones: PhoneRules::load(conn)?,
        })
    }

    pub fn department(&self, name: &str) -> Option<DepartmentId> {
        self.departments.get(&name_key(name)).copied()
    }
}

/// A row's e-mail and phone, parsed once: what the row's cards are looked up by and what it is
/// classified with.
#[derive(Debug, Clone)]
pub struct RowContacts {
    pub email: Option<EmailAddress>,
    pub phone: Option<PhoneNumber>,
}

impl RowContacts {
    /// The row's contacts, or the problem that refuses the row: a malformed address, a phone
    /// without its country code or otherwise malformed, neither given.
    pub fn parse(view: &OrgView, row: &RawRow) -> Result<RowContacts, ImportProblem> {
        let email = match contact::optional(&row.email) {
            None => None,
            Some(raw) => Some(EmailAddress::parse(raw).map_err(|_| ImportProblem::MalformedEmail)?),
        };
        let phone = match contact::optional(&row.phone) {
            None => None,
            Some(raw) => Some(view.phones.parse(raw).map_err(|e| match e {
                ContactProblem::PhoneWithoutCountryCode => ImportProblem::PhoneNoCountryCode,
                _ => ImportProblem::MalformedPhone,
            })?),
        };
        if email.is_none() && phone.is_none() {
            return Err(ImportProblem::NoContact);
        }
        Ok(RowContacts { email, phone })
    }
}

/// The cards a set of rows can match, with their roles.
#[derive(Default)]
pub struct Matches {
    pub(super) cards: Vec<Member>,
    ids: HashSet<MemberId>,
    pub(super) by_email: HashMap<String, usize>,
    pub(super) by_phone: HashMap<String, usize>,
    pub(super) roles: HashMap<MemberId, Vec<RoleId>>,
}

impl Matches {
    /// Loads the organisation's cards with one of the rows' e-mails or phones (rows whose
    /// contacts refuse them are not looked up).
    pub fn load(
        conn: &mut DbConnection,
        org_id: OrgId,
        contacts: &[Result<RowContacts, ImportProblem>],
    ) -> QueryResult<Matches> {
        let parsed = || contacts.iter().filter_map(|c| c.as_ref().ok());
        let emails: Vec<&str> = parsed()
            .filter_map(|c| c.email.as_ref().map(EmailAddress::as_str))
            .collect();
        let phones: Vec<&str> = parsed()
            .filter_map(|c| c.phone.as_ref().map(PhoneNumber::as_str))
            .collect();
        let mut m = Matches::default();
        for part in emails.chunks(crate::db::ROWS_PER_STATEMENT) {
            m.add(
                members::table
                    .filter(members::org_id.eq(org_id))
                    .filter(members::email.eq_any(part))
                    .select(Member::as_select())
                    .load(conn)?,
            );
        }
        for part in phones.chunks(crate::db::ROWS_PER_STATEMENT) {
            m.add(
                members::table
                    .filter(members::org_id.eq(org_id))
                    .filter(members::phone.eq_any(part))
                    .select(Member::as_select())
                    .load(conn)?,
            );
        }
        let ids: Vec<MemberId> = m.cards.iter().map(|c| c.id).collect();
        for part in ids.chunks(crate::db::ROWS_PER_STATEMENT) {
            let pairs: Vec<(MemberId, RoleId)> = member_roles::table
                .filter(member_roles::member_id.eq_any(part))
                .select((member_roles::member_id, member_roles::role_id))
                .load(conn)?;
            for (member, role) in pairs {
                m.roles.entry(member).or_default().push(role);
            }
        }
        for roles in m.roles.values_mut() {
            roles.sort_unstable();
        }
        Ok(m)
    }

    fn add(&mut self, cards: Vec<Member>) {
        for card in cards {
            if !self.ids.insert(card.id) {
                continue;
            }
            let i = self.cards.len();
            if let Some(e) = &card.email {
                self.by_email.insert(e.clone(), i);
            }
            if let Some(p) = &card.phone {
                self.by_phone.insert(p.clone(), i);
            }
            self.cards.push(card);
        }
    }

    /// The cards found.
    pub fn card_ids(&self) -> Vec<MemberId> {
        self.cards.iter().map(|c| c.id).collect()
    }

    /// A card created by an earlier chunk of the same commit is matched from then on.
    pub fn remember(&mut self, card: Member, roles: Vec<RoleId>) {
        let id = card.id;
        self.add(vec![card]);
        self.roles.insert(id, roles);
    }
}
