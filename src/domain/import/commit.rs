//! Committing an import: the commit itself (once; a second submit finds it committed), then
//! chunks of rows, each one transaction that checks its rows again against the organisation as
//! it is now, writes their cards, queues their invitations through the one policy, and marks
//! the rows done — so a chunk is written entirely or not at all, and a restart resumes with the
//! rows not yet done.

use super::classify::{self, Matches, OrgView, Plan};
use super::review;
use super::stage::{self, FileRules};
use crate::db::enums::AuditAction;
use crate::db::ids::{ImportId, MemberId, RoleId};
use crate::db::import_enums::{ImportProblem, ImportStatus};
use crate::db::models::{Import, ImportRow, Organisation};
use crate::db::schema::{import_rows, imports, member_roles};
use crate::db::{write_tx, DbConnection};
use crate::domain::audit::{self, Event, Subject};
use crate::domain::invitations::{self, InviteOptions, InviteResult};
use crate::domain::jobs::{self, Job};
use crate::domain::members;
use crate::domain::{Actor, DomainError, DomainResult};
use diesel::prelude::*;
use std::collections::BTreeMap;
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
            let batch = invitations::open_batch(conn, now, actor, org.id)?;
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
        let left: i64 = import_rows::table
            .filter(import_rows::import_id.eq(id))
            .filter(import_rows::done.eq(false))
            .count()
            .get_result(conn)?;
        if left == 0 {
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
            finished: left == 0,
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
    let allowance = match inviter {
        Some(inviter) => Some(invitations::allowance(conn, now, inviter, org)?),
        None => None,
    };
    // Duplicates were found across the whole file in the review; limits are counted again.
    let mut rules = FileRules::new(allowance);
    let mut to_invite: BTreeMap<Vec<RoleId>, Vec<MemberId>> = BTreeMap::new();
    let mut results = Vec::with_capacity(rows.len());
    for (row, raw) in rows.iter().zip(&raws) {
        let mut v = classify::classify(&view, &matches, &opts, raw, |name| view.department(name));
        if row.problem == Some(ImportProblem::DuplicateInFile) {
            v.refuse(ImportProblem::DuplicateInFile);
        }
        rules.apply(&mut v);
        let invite = inviter.is_some() && v.invitable();
        let member_id = match v.plan.take() {
            None => None,
            Some(Plan::Keep { current }) => Some(current.id),
            Some(Plan::Create { input, roles }) => {
                let id = members::insert(conn, now, org.id, &input)?;
                set_roles(conn, id, &roles)?;
                if let Some(card) = members::get_in_org(conn, org.id, id)? {
                    matches.remember(card, roles.clone());
                }
                Some(id)
            }
            Some(Plan::Update {
                current,
                input,
                roles,
            }) => {
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
                Some(current.id)
            }
        };
        if let (true, Some(id)) = (invite, member_id) {
            let roles = crate::domain::roles::member_role_ids(conn, id)?;
            to_invite.entry(roles).or_default().push(id);
        }
        results.push((row.line, v.outcome, v.problem, member_id));
    }
    let invited = invite_groups(conn, now, import, org, inviter, to_invite)?;
    for (line, outcome, problem, member_id) in results {
        let was_invited = member_id.is_some_and(|m| invited.contains(&m));
        diesel::update(import_rows::table.find((import.id, line)))
            .set((
                import_rows::outcome.eq(outcome),
                import_rows::problem.eq(problem),
                import_rows::member_id.eq(member_id),
                import_rows::done.eq(true),
                import_rows::invited.eq(was_invited),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The roles of a new card (no audit of its own: the card is new, and the import is audited).
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
    inviter: Option<&Actor>,
    groups: BTreeMap<Vec<RoleId>, Vec<MemberId>>,
) -> DomainResult<Vec<MemberId>> {
    let Some(actor) = inviter else {
        return Ok(Vec::new());
    };
    let mut invited = Vec::new();
    for (role_ids, ids) in groups {
        let opts = InviteOptions {
            role_ids,
            locale: org.default_locale.as_str().to_owned(),
            batch_id: import.batch_id,
            ..Default::default()
        };
        for outcome in invitations::invite_in_tx(conn, now, actor, org, &ids, &opts)? {
            if matches!(outcome.result, InviteResult::Queued { .. }) {
                invited.push(outcome.member_id);
            }
        }
    }
    Ok(invited)
}
