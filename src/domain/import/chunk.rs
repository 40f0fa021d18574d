//! The rows of one chunk, inside its transaction: classified again against the organisation as
//! it is now, their cards written, their invitations queued through the one policy (one call
//! per set of roles, the limits read once for the chunk), and the rows marked done.

use super::classify::{self, Matches, OrgView, Plan, RowContacts};
use super::read::RawRow;
use super::stage::{self, FileRules};
use crate::db::enums::MemberStatus;
use crate::db::ids::{MemberId, OrgId, RoleId};
use crate::db::import_enums::ImportProblem;
use crate::db::models::{Import, ImportRow, Member, Organisation};
use crate::db::schema::{import_rows, member_roles};
use crate::db::DbConnection;
use crate::domain::contact::{self, EmailAddress, PersonName, PhoneNumber};
use crate::domain::invitations::{self, Allowance, InviteOptions, InviteResult};
use crate::domain::members::{self, MemberInput};
use crate::domain::{Actor, DomainError, DomainResult};
use diesel::prelude::*;
use std::collections::{BTreeMap, HashSet};
use time::PrimitiveDateTime;

/// Classifies the chunk's rows again, writes them, invites, and marks them done.
pub(super) fn write_rows(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    import: &Import,
    org: &Organisation,
    actor: Option<&Actor>,
    inviter: Option<&Actor>,
    rows: &[ImportRow],
) -> DomainResult<()> {
    let raws: Vec<_> = rows.iter().map(stage::raw).collect();
    let view = match actor {
        Some(actor) if import.create_departments => {
            create_departments(conn, now, actor, org.id, rows, &raws)?
        }
        _ => OrgView::load(conn, org.id)?,
    };
    let contacts: Vec<_> = raws.iter().map(|r| RowContacts::parse(&view, r)).collect();
    let mut matches = Matches::load(conn, org.id, &contacts)?;
    let opts = classify::Options {
        send_invitation: import.send_invitation,
        default_kind: import.default_kind,
    };
    // The allowance is read once: the cards the rows match are the only ones asked about.
    let at_most = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    let allowance = match inviter {
        Some(inviter) => Some(invitations::allowance_among(
            conn,
            now,
            inviter,
            org,
            &matches.card_ids(),
            at_most,
        )?),
        None => None,
    };
    // Duplicates were found across the whole file in the review; limits are counted again.
    let email_only = crate::domain::settings::verification_method(conn)?
        == crate::domain::settings::VerificationMethod::EmailOnly;
    let mut rules = FileRules::new(allowance.clone(), email_only);
    // Cards to invite, with their roles when known (else read back once the chunk is written).
    let mut to_invite: Vec<(MemberId, Option<Vec<RoleId>>)> = Vec::new();
    let mut new_roles: Vec<(MemberId, RoleId)> = Vec::new();
    // Whether a card that existed was written (its contact, or roles, may end open invitations).
    let mut updated = false;
    let mut results = Vec::with_capacity(rows.len());
    for ((row, raw), contacts) in rows.iter().zip(&raws).zip(&contacts) {
        let mut v = classify::classify(&view, &matches, &opts, raw, contacts);
        // What the review refused stays refused — the admin confirmed what it showed, and the
        // invitations counted before the commit are those of the rows it accepted — except a
        // row refused for a missing department when the commit creates the departments.
        if let Some(problem) = row.problem {
            if !(problem == ImportProblem::UnknownDepartment && import.create_departments) {
                v.refuse(problem);
            }
        }
        rules.apply(&mut v);
        let invite = inviter.is_some() && v.invitable();
        // The roles the card holds once written: `None` when they must be read back.
        let (member_id, roles) = match v.plan.take() {
            None => (None, None),
            Some(Plan::Keep { current }) => (Some(current.id), None),
            Some(Plan::Create { input, roles }) => {
                let id = members::insert(conn, now, org.id, &input)?;
                new_roles.extend(roles.iter().map(|r| (id, *r)));
                matches.remember(created_card(id, org.id, now, input)?, roles.clone());
                (Some(id), Some(roles))
            }
            Some(Plan::Update {
                current,
                input,
                roles,
            }) => {
                updated = true;
                if members::update(conn, now, &current, &input)? {
                    withdrawn(conn, now, import, actor, current.id)?;
                }
                if let Some(roles) = &roles {
                    match actor {
                        Some(actor) => {
                            crate::domain::roles::set_member_roles_in_tx(
                                conn, now, actor, org.id, &current, roles,
                            )?;
                        }
                        None => set_roles(conn, current.id, roles)?,
                    }
                }
                (Some(current.id), None)
            }
        };
        if let (true, Some(id)) = (invite, member_id) {
            to_invite.push((id, roles));
        }
        results.push((row, v.outcome, v.problem, member_id));
    }
    insert_roles(conn, &new_roles)?;
    let mut groups: BTreeMap<Vec<RoleId>, Vec<MemberId>> = BTreeMap::new();
    for (id, roles) in to_invite {
        let roles = match roles {
            Some(roles) => roles,
            None => crate::domain::roles::member_role_ids(conn, id)?,
        };
        groups.entry(roles).or_default().push(id);
    }
    // The policy's allowance: the one read above unless a card that existed was written.
    let left = match (allowance, inviter) {
        (Some(left), Some(_)) if !updated => Some(left),
        (_, Some(inviter)) => {
            let asked: Vec<MemberId> = groups.values().flatten().copied().collect();
            Some(invitations::allowance_among(
                conn, now, inviter, org, &asked, at_most,
            )?)
        }
        _ => None,
    };
    let invited = invite_groups(conn, now, import, org, inviter.zip(left), groups)?;
    let done: Vec<ImportRow> = results
        .into_iter()
        .map(|(row, outcome, problem, member_id)| ImportRow {
            outcome,
            problem,
            member_id,
            done: true,
            invited: member_id.is_some_and(|m| invited.contains(&m)),
            ..row.clone()
        })
        .collect();
    // The rows marked done: written again whole (two statements instead of one per row).
    let lines: Vec<i32> = rows.iter().map(|r| r.line).collect();
    diesel::delete(
        import_rows::table
            .filter(import_rows::import_id.eq(import.id))
            .filter(import_rows::line.eq_any(&lines)),
    )
    .execute(conn)?;
    for part in done.chunks(stage::INSERT_CHUNK) {
        stage::insert_rows(conn, part)?;
    }
    Ok(())
}

/// "Create missing departments": the departments the chunk's rows name that the organisation
/// lacks now are created, and the organisation read again. The commit created those the review
/// found missing; this creates one deleted or renamed since (a long import runs for minutes), so
/// its rows are placed in it, not written without it. Rows the review refused for another
/// reason create nothing.
fn create_departments(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    rows: &[ImportRow],
    raws: &[RawRow],
) -> DomainResult<OrgView> {
    let view = OrgView::load(conn, org_id)?;
    let mut created = HashSet::new();
    for (row, raw) in rows.iter().zip(raws) {
        if row
            .problem
            .is_some_and(|p| p != ImportProblem::UnknownDepartment)
        {
            continue;
        }
        let name = contact::clean_text(&raw.department);
        if name.is_empty()
            || raw.department.chars().count() > contact::MAX_NAME_CHARS
            || view.department(&name).is_some()
            || !created.insert(classify::name_key(&name))
        {
            continue;
        }
        crate::domain::departments::create_in_tx(conn, now, actor, org_id, &name)?;
    }
    if created.is_empty() {
        return Ok(view);
    }
    Ok(OrgView::load(conn, org_id)?)
}

/// The card `members::insert` just wrote, as reading it back would give it (for matching the
/// rows after it in the chunk).
fn created_card(
    id: MemberId,
    org_id: OrgId,
    now: PrimitiveDateTime,
    input: MemberInput,
) -> DomainResult<Member> {
    let search_text = members::search_text(&input);
    Ok(Member {
        id,
        org_id,
        account_id: None,
        kind: input.kind.ok_or(DomainError::Conflict("kind"))?,
        first_name: input
            .first_name
            .map(PersonName::into_string)
            .unwrap_or_default(),
        last_name: input
            .last_name
            .map(PersonName::into_string)
            .unwrap_or_default(),
        email: input.email.map(EmailAddress::into_string),
        phone: input.phone.map(PhoneNumber::into_string),
        department_id: input.department_id,
        position: input.position,
        is_admin: false,
        invite_status: MemberStatus::NotInvited,
        invite_error: None,
        last_invited_at: None,
        search_text,
        created_at: now,
        updated_at: now,
    })
}

/// The roles of new cards, a few hundred pairs to a statement (a chunk's cards may hold many
/// roles each: one statement for all of them could pass the bound parameters a statement takes).
fn insert_roles(conn: &mut DbConnection, pairs: &[(MemberId, RoleId)]) -> QueryResult<()> {
    for part in pairs.chunks(crate::db::ROWS_PER_STATEMENT) {
        let values: Vec<_> = part
            .iter()
            .map(|(m, r)| (member_roles::member_id.eq(*m), member_roles::role_id.eq(*r)))
            .collect();
        let insert = diesel::insert_into(member_roles::table).values(&values);
        crate::on_backend!(conn, |c| insert.execute(c))?;
    }
    Ok(())
}

/// The roles of a card (no audit of its own: the import is audited).
fn set_roles(conn: &mut DbConnection, member_id: MemberId, roles: &[RoleId]) -> QueryResult<()> {
    diesel::delete(member_roles::table.filter(member_roles::member_id.eq(member_id)))
        .execute(conn)?;
    for role_id in roles {
        diesel::insert_into(member_roles::table)
            .values((
                member_roles::member_id.eq(member_id),
                member_roles::role_id.eq(*role_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Invites through the one policy, one call per set of roles (the invitation carries them).
fn invite_groups(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    import: &Import,
    org: &Organisation,
    inviter: Option<(&Actor, Allowance)>,
    groups: BTreeMap<Vec<RoleId>, Vec<MemberId>>,
) -> DomainResult<HashSet<MemberId>> {
    let Some((actor, mut left)) = inviter else {
        return Ok(HashSet::new());
    };
    let mut invited = HashSet::new();
    for (role_ids, ids) in groups {
        let opts = InviteOptions {
            role_ids,
            language: None,
            batch_id: import.batch_id,
            ..Default::default()
        };
        let outcomes =
            invitations::invite_in_tx_counted(conn, now, actor, org, &ids, &opts, &mut left)?;
        for outcome in outcomes {
            if matches!(outcome.result, InviteResult::Queued { .. }) {
                invited.insert(outcome.member_id);
            }
        }
    }
    Ok(invited)
}

/// Records an open invitation a row's new e-mail or phone withdrew (as saving the card does):
/// the trail says why the card is "not invited" again.
fn withdrawn(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    import: &Import,
    actor: Option<&Actor>,
    member_id: MemberId,
) -> DomainResult<()> {
    let request_id = match actor {
        Some(a) => a.request_id.clone(),
        None => format!("import-{}", import.id),
    };
    crate::domain::audit::record(
        conn,
        now,
        crate::domain::audit::Event {
            org_id: Some(import.org_id),
            actor_account_id: actor.map(|a| a.account_id),
            action: crate::db::enums::AuditAction::MemberUpdated,
            subject: crate::domain::audit::Subject::Member(member_id),
            details: crate::domain::audit::Details::ContactChanged,
            request_id: &request_id,
        },
    )?;
    Ok(())
}
