//! What one row would do, checked against the organisation as it stands: its departments and
//! roles, and the cards the row matches (by e-mail, then by phone). The rules the file as a whole
//! adds — duplicates of an earlier row, the limits of "Send invitation" — are applied by the
//! caller in file order (`stage`, `commit`).
//!
//! A row is a whole card for a new member. For a member that exists, an empty cell keeps what
//! the card holds (a file with only e-mails and departments moves people without wiping their
//! names), and a filled `roles` cell replaces the member's roles.

pub(super) use super::lookup::name_key;
pub use super::lookup::{Matches, OrgView, RowContacts};
use super::read::RawRow;
use crate::db::enums::{MemberKind, MemberStatus};
use crate::db::ids::{MemberId, RoleId};
use crate::db::import_enums::{ImportOutcome, ImportProblem};
use crate::db::models::Member;
use crate::domain::contact::{
    self, name_text, EmailAddress, PersonName, PhoneNumber, MAX_EMAIL_LEN, MAX_NAME_CHARS,
};
use crate::domain::members::MemberInput;

/// Longest name, position or e-mail a card keeps (as the card's form allows).
const MAX_NAME: usize = MAX_NAME_CHARS;
const MAX_EMAIL: usize = MAX_EMAIL_LEN;

/// The choices of the upload (the commit's "create missing departments" is applied before its
/// rows are classified again: `chunk` creates them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub send_invitation: bool,
    /// The kind of a new card whose `kind` cell is empty.
    pub default_kind: MemberKind,
}

/// What a row would do to the organisation.
#[derive(Debug, Clone)]
pub enum Plan {
    Create {
        input: MemberInput,
        roles: Vec<RoleId>,
    },
    Update {
        current: Box<Member>,
        input: MemberInput,
        /// `None`: the roles cell was empty, the member keeps theirs.
        roles: Option<Vec<RoleId>>,
    },
    Keep {
        current: Box<Member>,
    },
}

/// A row's outcome with what it would write.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub outcome: ImportOutcome,
    pub problem: Option<ImportProblem>,
    pub plan: Option<Plan>,
    /// The row's e-mail and phone, parsed (for duplicates within the file).
    pub email: Option<EmailAddress>,
    pub phone: Option<PhoneNumber>,
    /// The department the row names, when the organisation lacks it.
    pub missing_department: Option<String>,
    /// The card a row refused for its department alone would write (kept with the row, so
    /// what its commit with the departments created would invite can be counted).
    pub matched: Option<MemberId>,
}

impl Verdict {
    fn refused(problem: ImportProblem) -> Verdict {
        Verdict {
            outcome: ImportOutcome::Error,
            problem: Some(problem),
            plan: None,
            email: None,
            phone: None,
            missing_department: None,
            matched: None,
        }
    }

    /// Refuses a row that was otherwise good (a duplicate, a limit).
    pub fn refuse(&mut self, problem: ImportProblem) {
        self.outcome = ImportOutcome::Error;
        self.problem = Some(problem);
        self.plan = None;
        self.matched = None;
    }

    pub fn member_id(&self) -> Option<MemberId> {
        match &self.plan {
            Some(Plan::Update { current, .. } | Plan::Keep { current }) => Some(current.id),
            _ => self.matched,
        }
    }

    /// Whether "Send invitation" would invite this row: a new card, one Not invited, or a
    /// card waiting, invited or in error whose e-mail or phone the row changes (saving it
    /// withdraws the invitation sent to the old contact, or clears the error, so the card is to
    /// be invited anew) — a card already invited, waiting or active at the same contact is left
    /// alone, so importing the same file twice sends nothing the second time.
    pub fn invitable(&self) -> bool {
        match &self.plan {
            Some(Plan::Create { .. }) => true,
            Some(Plan::Update { current, input, .. }) => match current.invite_status {
                MemberStatus::NotInvited => true,
                MemberStatus::Waiting | MemberStatus::Invited | MemberStatus::Error => {
                    crate::domain::members::contact_changes(current, input)
                }
                MemberStatus::Active => false,
            },
            Some(Plan::Keep { current }) => current.invite_status == MemberStatus::NotInvited,
            None => false,
        }
    }

    /// Whether an invitation has a way to reach the card the row writes: with the platform
    /// sending by e-mail only, it needs an e-mail (the row's, or the card's); phones were
    /// checked when the row was read.
    pub fn reachable(&self, email_only: bool) -> bool {
        let card_email = match &self.plan {
            Some(Plan::Update { current, .. } | Plan::Keep { current }) => current.email.is_some(),
            _ => false,
        };
        !email_only || self.email.is_some() || card_email
    }
}

/// Each kind's name as the pages show it, in every language, lower case: looked up once, not
/// per cell (an import reads every row's kind).
static SHOWN_KINDS: std::sync::LazyLock<Vec<(String, MemberKind)>> =
    std::sync::LazyLock::new(|| {
        MemberKind::ALL
            .iter()
            .flat_map(|kind| {
                crate::i18n::Lang::ALL.iter().map(|lang| {
                    (
                        crate::i18n::tr(*lang, kind.label_key()).to_lowercase(),
                        *kind,
                    )
                })
            })
            .collect()
    });

/// The kind a cell names: the stored words (what the export writes), the kind's name as the
/// pages show it in either language ("Заказчик" — what the Russian messages ask for), and other
/// words a person types.
pub fn parse_kind(cell: &str) -> Option<MemberKind> {
    let word = cell.trim().to_lowercase();
    let shown = || {
        SHOWN_KINDS
            .iter()
            .find(|(name, _)| *name == word)
            .map(|(_, kind)| *kind)
    };
    MemberKind::parse(&word)
        .or_else(shown)
        .or(match word.as_str() {
            "client" | "клиент" | "покупатель" => Some(MemberKind::Customer),
            _ => None,
        })
}

/// Classifies one row, with its contacts as parsed ([`RowContacts::parse`]). A department the
/// organisation lacks refuses the row (in the review, unless the commit creates it).
pub fn classify(
    view: &OrgView,
    matches: &Matches,
    opts: &Options,
    row: &RawRow,
    contacts: &Result<RowContacts, ImportProblem>,
) -> Verdict {
    let too_long = [
        &row.first_name,
        &row.last_name,
        &row.position,
        &row.department,
    ]
    .iter()
    .any(|c| c.chars().count() > MAX_NAME)
        || row.email.chars().count() > MAX_EMAIL;
    if too_long {
        return Verdict::refused(ImportProblem::TooLong);
    }
    let RowContacts { email, phone } = match contacts {
        Ok(parsed) => parsed.clone(),
        Err(problem) => return Verdict::refused(*problem),
    };
    let by_email = email
        .as_ref()
        .and_then(|e| matches.by_email.get(e.as_str()))
        .copied();
    let by_phone = phone
        .as_ref()
        .and_then(|p| matches.by_phone.get(p.as_str()))
        .copied();
    let found = match (by_email, by_phone) {
        (Some(a), Some(b)) if a != b => {
            let mut v = Verdict::refused(ImportProblem::ContactConflict);
            (v.email, v.phone) = (email, phone);
            return v;
        }
        (Some(i), _) | (None, Some(i)) => matches.cards.get(i),
        (None, None) => None,
    };
    let mut verdict = decide(view, matches, opts, row, found);
    (verdict.email, verdict.phone) = (email.clone(), phone.clone());
    if let Some(Plan::Create { input, .. } | Plan::Update { input, .. }) = &mut verdict.plan {
        if email.is_some() {
            input.email = email;
        }
        if phone.is_some() {
            input.phone = phone;
        }
    }
    settle(&mut verdict);
    verdict
}

/// Kind, department, roles and names; then create, update or keep.
fn decide(
    view: &OrgView,
    matches: &Matches,
    opts: &Options,
    row: &RawRow,
    found: Option<&Member>,
) -> Verdict {
    let kind = match contact::optional(&row.kind) {
        None => None,
        Some(cell) => match parse_kind(cell) {
            Some(k) => Some(k),
            None => return Verdict::refused(ImportProblem::UnknownKind),
        },
    };
    let roles = match contact::optional(&row.roles) {
        None => None,
        Some(cell) => {
            let mut ids = Vec::new();
            for name in cell
                .split(super::cells::ROLE_SEPARATOR)
                .filter(|n| !n.trim().is_empty())
            {
                match view.roles.get(&name_key(name)) {
                    Some(id) => ids.push(*id),
                    None => return Verdict::refused(ImportProblem::UnknownRole),
                }
            }
            ids.sort_unstable();
            ids.dedup();
            Some(ids)
        }
    };
    let first_name = PersonName::parse(&row.first_name);
    let last_name = PersonName::parse(&row.last_name);
    let position = contact::clean_text(&row.position);
    if found.is_none() && first_name.is_none() && last_name.is_none() {
        return Verdict::refused(ImportProblem::NoName);
    }
    // The department last: a row refused for it alone is otherwise good, so committing with
    // the missing departments created writes it (the commit creates them before its rows are
    // classified again, a department deleted or renamed since the review among them; a row
    // whose department is still missing then is refused, never written without it). A cell of
    // invisible characters alone names none, as a card's form reads it.
    let department_name = contact::clean_text(&row.department);
    let department = match contact::optional(&department_name) {
        None => None,
        Some(name) => match view.department(name) {
            Some(id) => Some(id),
            None => {
                let mut v = Verdict::refused(ImportProblem::UnknownDepartment);
                v.missing_department = Some(name.to_owned());
                v.matched = found.map(|m| m.id);
                return v;
            }
        },
    };
    let outcome = |outcome, plan| Verdict {
        outcome,
        problem: None,
        plan: Some(plan),
        email: None,
        phone: None,
        missing_department: None,
        matched: None,
    };
    let Some(current) = found else {
        let input = MemberInput {
            first_name,
            last_name,
            email: None,
            phone: None,
            kind: Some(kind.unwrap_or(opts.default_kind)),
            department_id: department,
            position,
        };
        return outcome(
            ImportOutcome::New,
            Plan::Create {
                input,
                roles: roles.unwrap_or_default(),
            },
        );
    };
    // An empty cell keeps what the card holds (its names were parsed when they were written,
    // and read back the same).
    let keep_name = |cell: Option<PersonName>, had: &str| cell.or_else(|| PersonName::parse(had));
    let position = if position.is_empty() {
        current.position.clone()
    } else {
        position
    };
    let input = MemberInput {
        first_name: keep_name(first_name, &current.first_name),
        last_name: keep_name(last_name, &current.last_name),
        email: current.email.clone().map(EmailAddress::from_stored),
        phone: current.phone.clone().map(PhoneNumber::from_stored),
        kind: Some(kind.unwrap_or(current.kind)),
        department_id: department.or(current.department_id),
        position,
    };
    let held = matches.roles.get(&current.id).cloned().unwrap_or_default();
    let roles = roles.filter(|r| *r != held);
    let same = name_text(input.first_name.as_ref()) == current.first_name
        && name_text(input.last_name.as_ref()) == current.last_name
        && input.kind == Some(current.kind)
        && input.department_id == current.department_id
        && input.position == current.position;
    let current = Box::new(current.clone());
    // Contacts: a row matched by e-mail may bring a phone (and the other way round).
    if same && roles.is_none() {
        outcome(ImportOutcome::Unchanged, Plan::Keep { current })
    } else {
        outcome(
            ImportOutcome::Update,
            Plan::Update {
                current,
                input,
                roles,
            },
        )
    }
}

/// An otherwise unchanged card whose row brings another e-mail or phone is an update after all.
fn settle(verdict: &mut Verdict) {
    if let Some(Plan::Keep { current }) = &verdict.plan {
        let email = (verdict.email.clone())
            .or_else(|| current.email.clone().map(EmailAddress::from_stored));
        let phone =
            (verdict.phone.clone()).or_else(|| current.phone.clone().map(PhoneNumber::from_stored));
        if email.as_ref().map(EmailAddress::as_str) != current.email.as_deref()
            || phone.as_ref().map(PhoneNumber::as_str) != current.phone.as_deref()
        {
            let input = MemberInput {
                first_name: PersonName::parse(&current.first_name),
                last_name: PersonName::parse(&current.last_name),
                email,
                phone,
                kind: Some(current.kind),
                department_id: current.department_id,
                position: current.position.clone(),
            };
            verdict.outcome = ImportOutcome::Update;
            verdict.plan = Some(Plan::Update {
                current: current.clone(),
                input,
                roles: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_as_typed_in_either_language() {
        for (cell, kind) in [
            (MemberKind::Employee.as_str(), MemberKind::Employee),
            (" Сотрудник ", MemberKind::Employee),
            ("Employee", MemberKind::Employee),
            ("заказчик", MemberKind::Customer),
            ("ЗАКАЗЧИК", MemberKind::Customer),
            ("Customer", MemberKind::Customer),
            ("клиент", MemberKind::Customer),
            ("покупатель", MemberKind::Customer),
        ] {
            assert_eq!(parse_kind(cell), Some(kind), "{cell:?}");
        }
        assert_eq!(parse_kind("boss"), None);
        assert_eq!(parse_kind(""), None);
    }
}
