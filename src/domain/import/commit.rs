//! Committing an import: the commit itself (once; a second submit finds it committed), then
//! chunks of rows, each one transaction that checks its rows again against the organisation as
//! it is now, writes their cards, queues their invitations through the one policy, and marks
//! the rows done — so a chunk is written entirely or not at all, and a restart resumes with the
//! rows not yet done.

use super::classify::{self, Matches, OrgView, Plan};
use super::review;
use super::stage::{self, FileRules};
use crate::db::enums::{AuditAction, MemberStatus};
use crate::db::ids::{ImportId, MemberId, RoleId};
use crate::db::import_enums::{ImportProblem, ImportStatus};
use crate::db::models::{Import, ImportRow, Member, NewInviteBatch, Organisation};
use crate::db::schema::{import_rows, imports, invite_batches, member_roles};
use crate::db::{write_tx, DbConnection};
use crate::domain::audit::{self, Event, Subject};
use crate::domain::invitations::{self, Allowance, InviteOptions, InviteResult};
use crate::domain::jobs::{self, Job};
use crate::domain::members::{self, MemberInput};
use crate::domain::{Actor, DomainError, DomainResult};
use diesel::prelude::*;
use std::collections::{BTreeMap, HashSet};
use time::PrimitiveDateTime;

/// Rows per chunk: one short write transaction each.
pub const CHUNK_ROWS: i64 = 200;

/// Who runs the chunks: the job queue (the web), or the caller itself (the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runner {
    Queue,
    Inline,
}

/// What a commit submit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Committed {
    Started,
    /// The import had been committed before: nothing done again.
    Already,
}

/// Commits an import under review: departments the admin asked for are created, the batch of
/// its invitations opened, and the first chunk queued — in one transaction.
pub fn commit(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    id: ImportId,
    create_departments: bool,
    runner: Runner,
) -> DomainResult<Committed> {
    write_tx(conn, |conn| {
        let import = review::get(conn, org.id, id)?.ok_or(DomainError::NotFound)?;
        if import.send_invitation && !invitations::may_invite(conn, org, actor, false)? {
            return Err(DomainError::Forbidden);
        }
        let claimed = diesel::update(
            imports::table
                .filter(imports::id.eq(id))
                .filter(imports::status.eq(ImportStatus::Review)),
        )
        .set((
            imports::status.eq(ImportStatus::Committing),
            imports::create_departments.eq(create_departments),
            imports::committed_at.eq(now),
        ))
        .execute(conn)?;
        if claimed != 1 {
            return Ok(Committed::Already);
        }
        if create_departments {
            let view = OrgView::load(conn, org.id)?;
            for name in review::missing_departments(conn, id)? {
                if view.department(&name).is_none() {
                    diesel::insert_into(crate::db::schema::departments::table)
                        .values(crate::db::models::NewDepartment {
                            org_id: org.id,
                            name: &name,
                            created_at: now,
                        })
                        .execute(conn)?;
                }
            }
        }
        if import.send_invitation {
            let batch: crate::db::ids::BatchId = diesel::insert_into(invite_batches::table)
                .values(NewInviteBatch {
                    org_id: org.id,
                    created_by_account_id: Some(actor.account_id),
                    created_at: now,
                })
                .returning(invite_batches::id)
                .get_result(conn)?;
            diesel::update(imports::table.find(id))
                .set(imports::batch_id.eq(batch))
                .execute(conn)?;
        }
        audit::record(
            conn,
            now,
            Event {
                org_id: Some(org.id),
                actor_account_id: Some(actor.account_id),
                action: AuditAction::ImportCommitted,
                subject: Subject::None,
                details: &format!(
                    "import {id}: {} rows from {:?}",
                    import.total_rows, import.file_name
                ),
                request_id: &actor.request_id,
            },
        )?;
        if runner == Runner::Queue {
            jobs::enqueue(
                conn,
                now,
                &Job::ImportChunk {
                    import_id: id,
                    from_line: 0,
                },
            )?;
        }
        Ok(Committed::Started)
    })
}

/// What one chunk did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkRan {
    pub rows: usize,
    /// Every row of the import is done.
    pub finished: bool,
}

/// Writes the next chunk of a committing import in one transaction; with `Runner::Queue` the
/// chunk after it is queued in the same transaction.
pub fn run_chunk(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    id: ImportId,
    runner: Runner,
) -> DomainResult<ChunkRan> {
    write_tx(conn, |conn| run_chunk_in_tx(conn, now, id, runner))
}

/// [`run_chunk`] inside the caller's write transaction (the job runner completes the job in it).
pub fn run_chunk_in_tx(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    id: ImportId,
    runner: Runner,
) -> DomainResult<ChunkRan> {
    {
        let import: Import = imports::table
            .find(id)
            .select(Import::as_select())
            .first(conn)
            .optional()?
            .ok_or(DomainError::NotFound)?;
        if import.status != ImportStatus::Committing {
            return Ok(ChunkRan {
                rows: 0,
                finished: true,
            });
        }
        let org = crate::domain::orgs::get(conn, import.org_id)?.ok_or(DomainError::NotFound)?;
        invitations::lock_org(conn, org.id)?;
        let rows: Vec<ImportRow> = import_rows::table
            .filter(import_rows::import_id.eq(id))
            .filter(import_rows::done.eq(false))
            .order(import_rows::line.asc())
            .limit(CHUNK_ROWS)
            .select(ImportRow::as_select())
            .load(conn)?;
        let actor = import.created_by_account_id.map(|account_id| Actor {
            account_id,
            request_id: format!("import-{id}"),
        });
        // Invitations go out in the name of the admin who committed, while they may invite
        // (an admin who lost the right, or whose account is gone, invites nobody any more).
        let inviter = match &actor {
            Some(a) if import.send_invitation && invitations::may_invite(conn, &org, a, false)? => {
                Some(a)
            }
            _ => None,
        };
        if !rows.is_empty() {
            write_rows(conn, now, &import, &org, actor.as_ref(), inviter, &rows)?;
        }
        // Whether a row is left (not how many: counting them is a scan that grows with the file).
        let left = import_rows::table
            .filter(import_rows::import_id.eq(id))
            .filter(import_rows::done.eq(false))
            .select(import_rows::line)
            .first::<i32>(conn)
            .optional()?
            .is_some();
        if !left {
            finish(conn, now, &import, actor.as_ref())?;
        } else if runner == Runner::Queue {
            let from_line = rows.last().map_or(0, |r| r.line);
            jobs::enqueue(
                conn,
                now,
                &Job::ImportChunk {
                    import_id: id,
                    from_line,
                },
            )?;
        }
        Ok(ChunkRan {
            rows: rows.len(),
            finished: !left,
        })
    }
}

fn finish(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    import: &Import,
    actor: Option<&Actor>,
) -> DomainResult<()> {
    diesel::update(imports::table.find(import.id))
        .set((
            imports::status.eq(ImportStatus::Done),
            imports::finished_at.eq(now),
        ))
        .execute(conn)?;
    let c = review::counts(conn, import.id, true)?;
    audit::record(
        conn,
        now,
        Event {
            org_id: Some(import.org_id),
            actor_account_id: actor.map(|a| a.account_id),
            action: AuditAction::ImportFinished,
            subject: Subject::None,
            details: &format!(
                "import {}: {} new, {} updated, {} unchanged, {} refused",
                import.id, c.new, c.update, c.unchanged, c.error
            ),
            request_id: actor.map_or("", |a| a.request_id.as_str()),
        },
    )?;
    Ok(())
}

/// Classifies the chunk's rows again, writes them, invites, and marks them done.
fn write_rows(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    import: &Import,
    org: &Organisation,
    actor: Option<&Actor>,
    inviter: Option<&Actor>,
    rows: &[ImportRow],
) -> DomainResult<()> {
    let view = OrgView::load(conn, org.id)?;
    let raws: Vec<_> = rows.iter().map(stage::raw).collect();
    let mut matches = Matches::load(conn, org.id, &view, &raws)?;
    let opts = classify::Options {
        send_invitation: import.send_invitation,
        default_kind: import.default_kind,
        create_departments: import.create_departments,
    };
    // The allowance is read once: the cards the rows match are the only ones asked about.
    let allowance = match inviter {
        Some(inviter) => Some(invitations::allowance_among(
            conn,
            now,
            inviter,
            org,
            &matches.card_ids(),
        )?),
        None => None,
    };
    // Duplicates were found across the whole file in the review; limits are counted again.
    let mut rules = FileRules::new(allowance.clone());
    // Cards to invite, with their roles when known (else read back once the chunk is written).
    let mut to_invite: Vec<(MemberId, Option<Vec<RoleId>>)> = Vec::new();
    let mut new_roles: Vec<(MemberId, RoleId)> = Vec::new();
    // Whether a card that existed was written (its contact, or roles, may end open invitations).
    let mut updated = false;
    let mut results = Vec::with_capacity(rows.len());
    for (row, raw) in rows.iter().zip(&raws) {
        let mut v = classify::classify(&view, &matches, &opts, raw, |name| view.department(name));
        if row.problem == Some(ImportProblem::DuplicateInFile) {
            v.refuse(ImportProblem::DuplicateInFile);
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
                members::update(conn, now, &current, &input)?;
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
                conn, now, inviter, org, &asked,
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

/// The card `members::insert` just wrote, as reading it back would give it (for matching the
/// rows after it in the chunk).
fn created_card(
    id: MemberId,
    org_id: crate::db::ids::OrgId,
    now: PrimitiveDateTime,
    input: MemberInput,
) -> DomainResult<Member> {
    let search_text = members::search_text(&input);
    Ok(Member {
        id,
        org_id,
        account_id: None,
        kind: input.kind.ok_or(DomainError::Conflict("kind"))?,
        first_name: input.first_name,
        last_name: input.last_name,
        email: input.email,
        phone: input.phone,
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

/// The roles of new cards, in one statement.
fn insert_roles(conn: &mut DbConnection, pairs: &[(MemberId, RoleId)]) -> QueryResult<()> {
    if pairs.is_empty() {
        return Ok(());
    }
    let values: Vec<_> = pairs
        .iter()
        .map(|(m, r)| (member_roles::member_id.eq(*m), member_roles::role_id.eq(*r)))
        .collect();
    let insert = diesel::insert_into(member_roles::table).values(&values);
    match conn {
        DbConnection::Sqlite(c) => insert.execute(c),
        DbConnection::Pg(c) => insert.execute(c),
    }
    .map(|_| ())
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
            locale: org.default_locale.as_str().to_owned(),
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
