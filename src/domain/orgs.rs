//! Organisations: created by a platform operator together with the first admin's invitation.

use super::contact::EmailAddress;
use super::invitations::{self, InviteOptions, InviteOutcome};
use super::{members, unique_as_conflict, Actor, DomainError, DomainResult};
use crate::db::enums::{AuditAction, Language, MemberKind, MemberStatus};
use crate::db::ids::{AccountId, OrgId};
use crate::db::models::{Member, NewOrganisation, Organisation};
use crate::db::schema::{self, organisations};
use crate::db::{write_tx, DbConnection};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// Invitations an admin may send per rolling 24 hours unless the operator sets otherwise
/// (docs/PRODUCT.md §2.8).
pub const DEFAULT_DAILY_INVITE_LIMIT: i32 = 50;

pub struct NewOrg<'a> {
    pub name: &'a str,
    pub customer_number: &'a str,
    pub seat_limit: i32,
    pub daily_invite_limit: i32,
    pub admin_email: &'a EmailAddress,
    pub locale: &'a str,
    /// How long its invitation links stay valid after sending.
    pub invitation_hours: i32,
}

pub fn get(conn: &mut DbConnection, id: OrgId) -> QueryResult<Option<Organisation>> {
    organisations::table
        .find(id)
        .select(Organisation::as_select())
        .first(conn)
        .optional()
}

/// Whether the platform operator has the organisation disabled (an unknown one is not).
pub fn is_disabled(conn: &mut DbConnection, id: OrgId) -> QueryResult<bool> {
    let at: Option<Option<PrimitiveDateTime>> = organisations::table
        .find(id)
        .select(organisations::disabled_at)
        .first(conn)
        .optional()?;
    Ok(at.flatten().is_some())
}

pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<Organisation>> {
    organisations::table
        .order(organisations::name.asc())
        .select(Organisation::as_select())
        .load(conn)
}

/// Whether an organisation other than `except` has this customer number, in any case: "b-2"
/// beside "B-2" would be two organisations an operator (whose search is case-blind) and the
/// command line's `--org` could not tell apart. Compared here, not in SQL (SQLite's `lower`
/// knows ASCII alone); creating and renumbering are rare.
pub fn customer_number_taken(
    conn: &mut DbConnection,
    number: &str,
    except: Option<OrgId>,
) -> QueryResult<bool> {
    Ok(with_customer_number_alike(conn, number)?
        .into_iter()
        .any(|id| Some(id) != except))
}

/// The organisations whose customer number is `number` but for case (see
/// [`customer_number_taken`]; the command line's `--org` finds one this way).
pub fn with_customer_number_alike(
    conn: &mut DbConnection,
    number: &str,
) -> QueryResult<Vec<OrgId>> {
    let wanted = number.to_lowercase();
    let numbers: Vec<(OrgId, String)> = organisations::table
        .select((organisations::id, organisations::customer_number))
        .load(conn)?;
    Ok(numbers
        .into_iter()
        .filter(|(_, n)| n.to_lowercase() == wanted)
        .map(|(id, _)| id)
        .collect())
}

/// The caller's active member in an organisation (tenant check for every request).
pub fn active_member(
    conn: &mut DbConnection,
    org_id: OrgId,
    account_id: AccountId,
) -> QueryResult<Option<Member>> {
    use schema::members as m;
    m::table
        .filter(m::org_id.eq(org_id))
        .filter(m::account_id.eq(account_id))
        .filter(m::invite_status.eq(MemberStatus::Active))
        .select(Member::as_select())
        .first(conn)
        .optional()
}

/// Creates the organisation, the first admin's card and queues the admin's invitation, all in
/// one transaction.
pub fn create(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    new: NewOrg<'_>,
) -> DomainResult<(Organisation, InviteOutcome)> {
    write_tx(conn, |conn| {
        if customer_number_taken(conn, new.customer_number, None)? {
            return Err(DomainError::Conflict("customer_number"));
        }
        let id: OrgId = diesel::insert_into(organisations::table)
            .values(NewOrganisation {
                name: new.name,
                customer_number: new.customer_number,
                seat_limit: new.seat_limit,
                daily_invite_limit: new.daily_invite_limit,
                invite_policy: crate::db::enums::InvitePolicy::Everyone,
                invitation_lifetime_hours: new.invitation_hours,
                created_at: now,
                // The language the operator set it up in, until its admins choose.
                default_locale: Language::parse(new.locale).unwrap_or(Language::En),
            })
            .returning(organisations::id)
            .get_result(conn)
            // Taken after the check above by a create not yet committed then (PostgreSQL's
            // insert waits for it and fails on the unique index): answered as the check does.
            .map_err(|e| unique_as_conflict(e, "customer_number"))?;
        let org = get(conn, id)?.ok_or(DomainError::NotFound)?;
        let member_id = members::insert(conn, now, org.id, &admin_card(new.admin_email))?;
        super::audit::record(
            conn,
            now,
            super::audit::Event {
                org_id: Some(org.id),
                actor_account_id: Some(actor.account_id),
                action: AuditAction::OrgCreated,
                subject: super::audit::Subject::Text(new.customer_number),
                details: super::audit::Details::Named {
                    name: new.name.to_owned(),
                },
                request_id: &actor.request_id,
            },
        )?;
        let outcome = invite_as_admin(
            conn,
            now,
            actor,
            &org,
            member_id,
            Language::parse(new.locale),
        )?;
        Ok((org, outcome))
    })
}

/// The card of an administrator invited by address: an employee with only the e-mail (they
/// fill in their names when they accept).
pub(crate) fn admin_card(email: &EmailAddress) -> members::MemberInput {
    members::MemberInput {
        first_name: None,
        last_name: None,
        email: Some(email.clone()),
        phone: None,
        kind: Some(MemberKind::Employee),
        department_id: None,
        position: String::new(),
    }
}

/// Invites a card of `org` as its administrator, through the one policy (`invite_in_tx`): the
/// first admin's invitation of a new organisation, and the operator's "Invite an administrator"
/// (`org_admins::invite`; an open invitation of the card is replaced by a fresh link). Call
/// inside the caller's write transaction.
pub(crate) fn invite_as_admin(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    member_id: crate::db::ids::MemberId,
    language: Option<Language>,
) -> DomainResult<InviteOutcome> {
    let opts = InviteOptions {
        role_ids: vec![],
        department_id: None,
        message: String::new(),
        grant_admin: true,
        language,
        ..Default::default()
    };
    let mut outcomes = invitations::invite_in_tx(conn, now, actor, org, &[member_id], &opts)?;
    outcomes.pop().ok_or(DomainError::NotFound)
}
