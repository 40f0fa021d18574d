//! A member's card: the contact data, kind, department and position an admin keeps for a
//! person in one organisation — checked, created (with its invitation when asked) and saved.

use super::super::contact::{
    self, ContactProblem, EmailAddress, PersonName, PhoneNumber, PhoneRules,
};
use super::super::{unique_as_conflict, DomainError, DomainResult};
use crate::db::enums::{MemberKind, MemberStatus};
use crate::db::ids::{DepartmentId, MemberId, OrgId};
use crate::db::models::{Member, MemberChanges, NewMember};
use crate::db::schema::{accounts, departments, members};
use crate::db::DbConnection;
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// A card as typed (the card form's fields), before it is read.
#[derive(Debug, Clone, Default)]
pub struct TypedCard {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    /// None when what was typed is no kind at all (reported by [`ParsedCard::parse`]).
    pub kind: Option<MemberKind>,
    pub department_id: Option<DepartmentId>,
    pub position: String,
}

/// A card's values, parsed: what the domain writes.
#[derive(Debug, Clone, Default)]
pub struct MemberInput {
    pub first_name: Option<PersonName>,
    pub last_name: Option<PersonName>,
    pub email: Option<EmailAddress>,
    pub phone: Option<PhoneNumber>,
    /// None when what was typed is no kind at all (reported by [`ParsedCard::parse`]).
    pub kind: Option<MemberKind>,
    pub department_id: Option<DepartmentId>,
    /// Free text, cleaned with [`contact::clean_text`] (empty: none).
    pub position: String,
}

/// Field-level problems of a card; the web layer shows each beside its field.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CardProblems {
    /// Neither a first nor a last name.
    pub name: Option<&'static str>,
    /// Neither an e-mail address nor a phone number.
    pub contact: Option<&'static str>,
    pub email: Option<&'static str>,
    pub phone: Option<&'static str>,
    pub kind: Option<&'static str>,
    pub department_id: Option<&'static str>,
    /// A chosen role the organisation no longer has.
    pub roles: Option<&'static str>,
}

impl CardProblems {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// A typed card read once: the values that parsed, and the problems of those that did not (a
/// value that did not parse is left out of `input`). [`create`] and [`save`] add what only the
/// organisation can tell (an address or number taken, a foreign department) and refuse a card
/// with any problem.
#[derive(Debug, Clone)]
pub struct ParsedCard {
    pub input: MemberInput,
    pub problems: CardProblems,
}

impl ParsedCard {
    /// Parses e-mail and phone (with the platform's phone rules), names and position.
    /// A card needs a name (first or last) and a contact (e-mail or phone): without them it is
    /// a row nobody can recognise, open or invite.
    pub fn parse(typed: &TypedCard, phones: &PhoneRules) -> ParsedCard {
        let mut p = CardProblems::default();
        let first_name = PersonName::parse(&typed.first_name);
        let last_name = PersonName::parse(&typed.last_name);
        if first_name.is_none() && last_name.is_none() {
            p.name = Some("err-card-name-required");
        }
        let (email, phone) = (
            contact::optional(&typed.email),
            contact::optional(&typed.phone),
        );
        if email.is_none() && phone.is_none() {
            p.contact = Some("err-card-contact-required");
        }
        let email = email.and_then(|raw| match EmailAddress::parse(raw) {
            Ok(e) => Some(e),
            Err(_) => {
                p.email = Some("err-email-malformed");
                None
            }
        });
        let phone = phone.and_then(|raw| match phones.parse(raw) {
            Ok(ph) => Some(ph),
            Err(ContactProblem::PhoneWithoutCountryCode) => {
                p.phone = Some("err-phone-no-country-code");
                None
            }
            Err(_) => {
                p.phone = Some("err-phone-malformed");
                None
            }
        });
        if typed.kind.is_none() {
            p.kind = Some("err-kind");
        }
        ParsedCard {
            input: MemberInput {
                first_name,
                last_name,
                email,
                phone,
                kind: typed.kind,
                department_id: typed.department_id,
                position: contact::clean_text(&typed.position),
            },
            problems: p,
        }
    }
}

/// The card's problems: those of its parsing, and an e-mail or phone another card of the
/// organisation holds, or a department that is not the organisation's.
pub(super) fn check_card(
    conn: &mut DbConnection,
    org_id: OrgId,
    card: &ParsedCard,
    except_id: Option<MemberId>,
) -> DomainResult<CardProblems> {
    let mut p = card.problems.clone();
    let input = &card.input;
    if let Some(e) = &input.email {
        if taken(conn, org_id, Contact::Email(e), except_id)? {
            p.email = Some("err-email-taken");
        }
    }
    if let Some(ph) = &input.phone {
        if taken(conn, org_id, Contact::Phone(ph), except_id)? {
            p.phone = Some("err-phone-taken");
        }
    }
    if let Some(dep) = &input.department_id {
        let found: i64 = departments::table
            .filter(departments::id.eq(dep))
            .filter(departments::org_id.eq(org_id))
            .count()
            .get_result(conn)?;
        if found == 0 {
            p.department_id = Some("err-department");
        }
    }
    Ok(p)
}

/// A contact a card holds.
#[derive(Debug, Clone, Copy)]
pub enum Contact<'a> {
    Email(&'a EmailAddress),
    Phone(&'a PhoneNumber),
}

/// Whether somebody in the organisation has `contact` (but the card `except_id`): another card
/// holds it, or an active member signs in with it through a card that now says otherwise (an
/// admin changed it) — a card of its own would be a second one for the same account, whose
/// invitation could never be accepted. The latter only for a contact the card does not hold
/// already: a card saved before this check stays editable.
fn taken(
    conn: &mut DbConnection,
    org_id: OrgId,
    contact: Contact<'_>,
    except_id: Option<MemberId>,
) -> QueryResult<bool> {
    let mut q = holding(
        members::table
            .filter(members::org_id.eq(org_id))
            .into_boxed(),
        contact,
    );
    if let Some(id) = except_id {
        q = q.filter(members::id.ne(id));
    }
    let n: i64 = q.count().get_result(conn)?;
    if n > 0 {
        return Ok(true);
    }
    let held = match except_id {
        Some(id) => {
            let own = holding(members::table.find(id).into_boxed(), contact);
            own.count().get_result::<i64>(conn)? > 0
        }
        None => false,
    };
    Ok(!held && signs_in_here(conn, org_id, contact, except_id)?)
}

type Db = <DbConnection as diesel::Connection>::Backend;

/// `q` narrowed to the cards that hold `contact`.
fn holding<'a>(
    q: members::BoxedQuery<'a, Db>,
    contact: Contact<'_>,
) -> members::BoxedQuery<'a, Db> {
    match contact {
        Contact::Email(e) => q.filter(members::email.eq(e.as_str().to_owned())),
        Contact::Phone(p) => q.filter(members::phone.eq(p.as_str().to_owned())),
    }
}

/// Whether an active member of the organisation (other than the card `except_id`) signs in
/// with `contact`, whatever their card says now.
pub fn signs_in_here(
    conn: &mut DbConnection,
    org_id: OrgId,
    contact: Contact<'_>,
    except_id: Option<MemberId>,
) -> QueryResult<bool> {
    let mut q = members::table
        .inner_join(accounts::table)
        .filter(members::org_id.eq(org_id))
        .filter(members::invite_status.eq(MemberStatus::Active))
        .into_boxed();
    q = match contact {
        Contact::Email(e) => q.filter(accounts::email.eq(e.as_str().to_owned())),
        Contact::Phone(p) => q.filter(accounts::phone.eq(p.as_str().to_owned())),
    };
    if let Some(id) = except_id {
        q = q.filter(members::id.ne(id));
    }
    Ok(q.select(members::id)
        .first::<MemberId>(conn)
        .optional()?
        .is_some())
}

pub fn search_text(input: &MemberInput) -> String {
    search_text_of(
        contact::name_text(input.first_name.as_ref()),
        contact::name_text(input.last_name.as_ref()),
        input.email.as_ref().map_or("", EmailAddress::as_str),
        input.phone.as_ref().map_or("", PhoneNumber::as_str),
    )
}

/// The names as the users table sorts them: last name, then first name, folded as a reader
/// compares them (case aside, `ё` as `е`: [`super::folded`]), cut by U+0001 so that a last name
/// comes before the longer ones it begins ("Petrov" before "Petrova"). Compared byte by byte on
/// both backends (migration `000044_name_key`).
pub fn name_key(first_name: &str, last_name: &str) -> String {
    format!(
        "{}\u{1}{}",
        super::folded(last_name),
        super::folded(first_name)
    )
}

fn name_key_of(input: &MemberInput) -> String {
    name_key(
        contact::name_text(input.first_name.as_ref()),
        contact::name_text(input.last_name.as_ref()),
    )
}

/// What a card is found by in the users table's search: names, e-mail and phone, folded as the
/// search's words are (lower-cased, `ё` read as `е`: [`super::folded`]).
pub fn search_text_of(first_name: &str, last_name: &str, email: &str, phone: &str) -> String {
    super::folded(&format!("{first_name} {last_name} {email} {phone}"))
}

/// Inserts a checked card (call inside a write transaction).
pub fn insert(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    org_id: OrgId,
    input: &MemberInput,
) -> DomainResult<MemberId> {
    let (search, key) = (search_text(input), name_key_of(input));
    let kind = input.kind.ok_or(DomainError::Conflict("kind"))?;
    diesel::insert_into(members::table)
        .values(NewMember {
            org_id,
            account_id: None,
            first_name: contact::name_text(input.first_name.as_ref()),
            last_name: contact::name_text(input.last_name.as_ref()),
            email: input.email.as_ref().map(EmailAddress::as_str),
            phone: input.phone.as_ref().map(PhoneNumber::as_str),
            kind,
            department_id: input.department_id,
            position: &input.position,
            is_admin: false,
            invite_status: MemberStatus::NotInvited,
            search_text: &search,
            name_key: &key,
            created_at: now,
            updated_at: now,
        })
        .returning(members::id)
        .get_result(conn)
        .map_err(|e| unique_as_conflict(e, "contact"))
}

/// Whether saving `input` over `current` changes its e-mail or phone.
pub fn contact_changes(current: &Member, input: &MemberInput) -> bool {
    current.email.as_deref() != input.email.as_ref().map(EmailAddress::as_str)
        || current.phone.as_deref() != input.phone.as_ref().map(PhoneNumber::as_str)
}

/// Whether saving `input` would leave the card as stored (every field the card form edits).
pub fn unchanged(current: &Member, input: &MemberInput) -> bool {
    !contact_changes(current, input)
        && current.first_name == contact::name_text(input.first_name.as_ref())
        && current.last_name == contact::name_text(input.last_name.as_ref())
        && Some(current.kind) == input.kind
        && current.department_id == input.department_id
        && current.position == input.position
}

/// Saves an edited card. A changed e-mail or phone kills the open invitation link (docs/SECURITY.md
/// A6), and clears an error about the old contact: a card that was never invited (an invitation
/// that could not reach it) or whose invitation failed is "not invited" again, to invite anew.
pub fn update(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    current: &Member,
    input: &MemberInput,
) -> DomainResult<bool> {
    let (search, key) = (search_text(input), name_key_of(input));
    let kind = input.kind.ok_or(DomainError::Conflict("kind"))?;
    diesel::update(members::table.find(&current.id))
        .set(MemberChanges {
            first_name: contact::name_text(input.first_name.as_ref()),
            last_name: contact::name_text(input.last_name.as_ref()),
            email: input.email.as_ref().map(EmailAddress::as_str),
            phone: input.phone.as_ref().map(PhoneNumber::as_str),
            kind,
            department_id: input.department_id,
            position: &input.position,
            search_text: &search,
            name_key: &key,
            updated_at: now,
        })
        .execute(conn)?;
    if contact_changes(current, input) && current.account_id.is_none() {
        let killed = crate::domain::invitations::revoke_open_for_member(conn, now, current.id)?;
        if killed > 0 || current.invite_status == MemberStatus::Error {
            diesel::update(members::table.find(&current.id))
                .set((
                    members::invite_status.eq(MemberStatus::NotInvited),
                    members::invite_error.eq(None::<crate::db::enums::Problem>),
                ))
                .execute(conn)?;
        }
        return Ok(killed > 0);
    }
    Ok(false)
}

/// A card by id, only within the organisation (foreign ids are simply not found).
pub fn get_in_org(
    conn: &mut DbConnection,
    org_id: OrgId,
    id: MemberId,
) -> QueryResult<Option<Member>> {
    members::table
        .filter(members::org_id.eq(org_id))
        .filter(members::id.eq(id))
        .select(Member::as_select())
        .first(conn)
        .optional()
}
