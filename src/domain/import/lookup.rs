//! What rows are checked against: the organisation's departments and roles by name, its phone
//! rules, and the cards the rows can match (by e-mail, then phone) with their roles — loaded in
//! a few queries per file or chunk, never per row.

use super::read::RawRow;
use crate::db::ids::{DepartmentId, MemberId, OrgId, RoleId};
use crate::db::import_enums::ImportProblem;
use crate::db::models::Member;
use crate::db::schema::{accounts, member_roles, members};
use crate::db::DbConnection;
use crate::domain::contact::{self, ContactProblem, EmailAddress, PhoneNumber, PhoneRules};
use diesel::prelude::*;
use std::collections::HashMap;

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

/// Which of a card's contacts.
#[derive(Debug, Clone, Copy)]
enum Contact {
    Email,
    Phone,
}

/// The organisation's active members whose accounts sign in with one of `part` (addresses or
/// numbers, as `kind` says), each with it.
fn signing_in(
    conn: &mut DbConnection,
    org_id: OrgId,
    kind: Contact,
    part: &[&str],
) -> QueryResult<Vec<(String, Member)>> {
    let active = members::table
        .inner_join(accounts::table)
        .filter(members::org_id.eq(org_id))
        .filter(members::invite_status.eq(crate::db::enums::MemberStatus::Active));
    match kind {
        Contact::Email => active
            .filter(accounts::email.eq_any(part))
            .select((accounts::email.assume_not_null(), Member::as_select()))
            .load(conn),
        Contact::Phone => active
            .filter(accounts::phone.eq_any(part))
            .select((accounts::phone.assume_not_null(), Member::as_select()))
            .load(conn),
    }
}

/// The cards a set of rows can match, with their roles.
#[derive(Default)]
pub struct Matches {
    pub(super) cards: Vec<Member>,
    /// Each card's place in `cards`.
    ids: HashMap<MemberId, usize>,
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
        // An active member signs in with an address or number their card no longer shows (an
        // admin changed it): a row with it is that member's, not a second card for the same
        // account — whose invitation could never be accepted (`members::signs_in_here`).
        for (kind, list) in [(Contact::Email, &emails), (Contact::Phone, &phones)] {
            for part in list.chunks(crate::db::ROWS_PER_STATEMENT) {
                let held = signing_in(conn, org_id, kind, part)?;
                m.add_signing_in(held, kind);
            }
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
            if self.ids.contains_key(&card.id) {
                continue;
            }
            let i = self.cards.len();
            self.ids.insert(card.id, i);
            if let Some(e) = &card.email {
                self.by_email.insert(e.clone(), i);
            }
            if let Some(p) = &card.phone {
                self.by_phone.insert(p.clone(), i);
            }
            self.cards.push(card);
        }
    }

    /// Active members' cards with the address or number (of `kind`) their accounts sign in
    /// with, where no card shows it: a row with it matches the member's card.
    fn add_signing_in(&mut self, held: Vec<(String, Member)>, kind: Contact) {
        for (contact, card) in held {
            let id = card.id;
            self.add(vec![card]);
            let Some(&i) = self.ids.get(&id) else {
                continue;
            };
            let index = match kind {
                Contact::Email => &mut self.by_email,
                Contact::Phone => &mut self.by_phone,
            };
            index.entry(contact).or_insert(i);
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
