//! Committing an import: the commit itself (once; a second submit finds it committed), then
//! chunks of rows, each one transaction that checks its rows again against the organisation as
//! it is now, writes their cards, queues their invitations through the one policy, and marks
//! the rows done — so a chunk is written entirely or not at all, and a restart resumes with the
//! rows not yet done.

use super::classify::OrgView;
use super::review;
use crate::db::enums::AuditAction;
use crate::db::ids::{ImportId, OrgId};
use crate::db::import_enums::ImportStatus;
use crate::db::models::{Import, ImportRow, Organisation};
use crate::db::schema::{import_rows, imports};
use crate::db::{write_tx, DbConnection};
use crate::domain::audit::{self, Event, Subject};
use crate::domain::invitations;
use crate::domain::jobs::{self, Job};
use crate::domain::{Actor, DomainError, DomainResult};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// Rows per chunk: one short write transaction each.
pub const CHUNK_ROWS: i64 = 200;

/// How long an import run by its caller may go without writing a chunk before the delivery
/// workers take it over (its standby job comes due).
const STANDBY: time::Duration = time::Duration::minutes(2);

/// Who runs the chunks: the job queue (the web), or the caller itself (the command line). An
/// import its caller runs has a standby chunk job, put off by every chunk the caller writes and
/// dropped when the import is done: a caller that stops (killed, a chunk that failed) leaves
/// the rest to the workers, not an import "importing" for ever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runner {
    Queue,
    Inline,
}

/// The first chunk job of an import: queued to run now for the workers, or, while its caller
/// runs the chunks, put off as its standby.
fn first_chunk(import_id: ImportId) -> Job {
    Job::ImportChunk {
        import_id,
        from_line: 0,
    }
}

/// What a commit submit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Committed {
    Started,
    /// The import had been committed before: nothing done again.
    Already,
}

/// Commits an import under review: departments the admin asked for are created, the batch of
/// its invitations opened, and the first chunk queued — in one transaction. With "Send
/// invitation", an import whose invitations exceed what the committer has left today, or the
/// seats left, is refused whole ([`DomainError::DailyLimit`], [`DomainError::SeatLimit`]),
/// nothing written but the refusal's audit entry; it stays under review.
pub fn commit(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    id: ImportId,
    create_departments: bool,
    runner: Runner,
) -> DomainResult<Committed> {
    let result = write_tx(conn, |conn| {
        let import = review::get(conn, org.id, id)?.ok_or(DomainError::NotFound)?;
        if import.send_invitation && !invitations::may_invite(conn, org, actor, false)? {
            return Err(DomainError::Forbidden);
        }
        if import.send_invitation && import.status == ImportStatus::Review {
            invitations::lock_org(conn, org.id)?;
            let demand = super::demand::read(conn, now, actor, org, id)?;
            if let Some(refused) = demand.refusal(create_departments) {
                return Err(refused);
            }
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
            imports::committed_by_account_id.eq(actor.account_id),
        ))
        .execute(conn)?;
        if claimed != 1 {
            return Ok(Committed::Already);
        }
        if create_departments {
            let view = OrgView::load(conn, org.id)?;
            for name in review::missing_departments(conn, id)? {
                if view.department(&name).is_none() {
                    crate::domain::departments::create_in_tx(conn, now, actor, org.id, &name)?;
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
                details: audit::Details::ImportCommitted {
                    import: id,
                    rows: import.total_rows.into(),
                    file: import.file_name.clone(),
                },
                request_id: &actor.request_id,
            },
        )?;
        match runner {
            Runner::Queue => jobs::enqueue(conn, now, &first_chunk(id))?,
            Runner::Inline => jobs::enqueue_at(conn, now, &first_chunk(id), now + STANDBY)?,
        };
        Ok(Committed::Started)
    });
    if let Err(e) = &result {
        invitations::record_refusal(conn, now, actor, org.id, e)?;
    }
    result
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
        let Some(import) = committing(conn, id)? else {
            // Gone (its organisation deleted), or finished by another run: nothing to write.
            return Ok(ChunkRan {
                rows: 0,
                finished: true,
            });
        };
        let org_id = import.org_id;
        let org = crate::domain::orgs::get(conn, org_id)?.ok_or(DomainError::NotFound)?;
        let rows: Vec<ImportRow> = import_rows::table
            .filter(import_rows::import_id.eq(id))
            .filter(import_rows::done.eq(false))
            .order(import_rows::line.asc())
            .limit(CHUNK_ROWS)
            .select(ImportRow::as_select())
            .load(conn)?;
        let committer = import
            .committed_by_account_id
            .or(import.created_by_account_id);
        let actor = committer.map(|account_id| Actor {
            account_id,
            request_id: format!("import-{id}"),
        });
        if org.disabled_at.is_some() {
            // The platform disabled the organisation: it takes no new members and no
            // invitations. The import stops where it is; its page says how far it went.
            tracing::warn!(import = %id, "organisation disabled: import stopped");
            stop(conn, now, &import, actor.as_ref())?;
            return Ok(ChunkRan {
                rows: 0,
                finished: true,
            });
        }
        // Invitations go out in the name of the admin who committed, while they are an admin
        // (importing is an admin's work: one who lost the right, or whose account is gone,
        // invites nobody any more — and the rows' roles are not theirs to give).
        let inviter = match &actor {
            Some(a) if import.send_invitation && invitations::may_invite(conn, &org, a, true)? => {
                Some(a)
            }
            _ => None,
        };
        if !rows.is_empty() {
            super::chunk::write_rows(conn, now, &import, &org, actor.as_ref(), inviter, &rows)?;
        }
        // Whether a row is left (not how many: counting them is a scan that grows with the file).
        let left = import_rows::table
            .filter(import_rows::import_id.eq(id))
            .filter(import_rows::done.eq(false))
            .select(import_rows::line)
            .first::<i32>(conn)
            .optional()?
            .is_some();
        if runner == Runner::Inline {
            if left {
                jobs::postpone(conn, &first_chunk(id), now + STANDBY)?;
            } else {
                jobs::cancel(conn, &[first_chunk(id)])?;
            }
        }
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

/// Ends a committing import before its last row: the rows written stay, the rest are not
/// written (the import's page says how many; uploading the file again imports them).
fn stop(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    import: &Import,
    actor: Option<&Actor>,
) -> QueryResult<()> {
    jobs::cancel(conn, &[first_chunk(import.id)])?;
    finish(conn, now, import, actor)
}

/// A chunk job that failed on every attempt: its import stops there rather than showing
/// "importing" for ever (the log says why each attempt failed).
pub fn give_up(conn: &mut DbConnection, now: PrimitiveDateTime, id: ImportId) -> QueryResult<()> {
    let Some(import) = committing(conn, id)? else {
        return Ok(());
    };
    tracing::error!(import = %id, "import chunk failed on every attempt: import stopped");
    stop(conn, now, &import, None)
}

/// The import, under its organisation's lock, while it is being committed; None when it is
/// gone or no longer committing. The lock comes before the status is read: a chunk run that
/// overlapped another (a command-line run resumed after a worker took over its standby job)
/// sees the status that one left, and finishes nothing twice.
fn committing(conn: &mut DbConnection, id: ImportId) -> QueryResult<Option<Import>> {
    let Some(org_id) = imports::table
        .find(id)
        .select(imports::org_id)
        .first::<OrgId>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    invitations::lock_org(conn, org_id)?;
    let import: Import = imports::table
        .find(id)
        .select(Import::as_select())
        .first(conn)?;
    Ok((import.status == ImportStatus::Committing).then_some(import))
}

fn finish(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    import: &Import,
    actor: Option<&Actor>,
) -> QueryResult<()> {
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
            details: audit::Details::ImportFinished {
                import: import.id,
                new: c.new,
                updated: c.update,
                unchanged: c.unchanged,
                refused: c.error,
            },
            request_id: actor.map_or("", |a| a.request_id.as_str()),
        },
    )?;
    Ok(())
}
