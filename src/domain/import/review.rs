//! Reading an import back: the import itself (only within its organisation), its rows by
//! outcome, the counts per outcome and problem, the departments it lacks, its progress, and the
//! refused rows for the file to fix and upload again.

use super::classify::name_key;
use super::read::RawRow;
use crate::db::ids::{ImportId, OrgId};
use crate::db::import_enums::{ImportOutcome, ImportProblem, ImportStatus};
use crate::db::models::{Import, ImportRow};
use crate::db::schema::{import_rows, imports};
use crate::db::DbConnection;
use crate::domain::invitations::{batch_progress, BatchProgress};
use diesel::prelude::*;

/// An import by id, only within the organisation (not while its rows are being stored).
pub fn get(conn: &mut DbConnection, org_id: OrgId, id: ImportId) -> QueryResult<Option<Import>> {
    imports::table
        .filter(imports::org_id.eq(org_id))
        .filter(imports::id.eq(id))
        .filter(imports::status.ne(ImportStatus::Staging))
        .select(Import::as_select())
        .first(conn)
        .optional()
}

/// Rows per outcome (all rows, or only those already committed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct OutcomeCounts {
    pub new: i64,
    pub update: i64,
    pub unchanged: i64,
    pub error: i64,
}

impl OutcomeCounts {
    pub fn total(&self) -> i64 {
        self.new + self.update + self.unchanged + self.error
    }

    pub fn of(&self, outcome: ImportOutcome) -> i64 {
        match outcome {
            ImportOutcome::New => self.new,
            ImportOutcome::Update => self.update,
            ImportOutcome::Unchanged => self.unchanged,
            ImportOutcome::Error => self.error,
        }
    }
}

/// Counts per outcome; `done_only` counts only the rows a commit has handled.
pub fn counts(
    conn: &mut DbConnection,
    id: ImportId,
    done_only: bool,
) -> QueryResult<OutcomeCounts> {
    let mut q = import_rows::table
        .filter(import_rows::import_id.eq(id))
        .group_by(import_rows::outcome)
        .select((import_rows::outcome, diesel::dsl::count_star()))
        .into_boxed();
    if done_only {
        q = q.filter(import_rows::done.eq(true));
    }
    let mut c = OutcomeCounts::default();
    for (outcome, n) in q.load::<(ImportOutcome, i64)>(conn)? {
        match outcome {
            ImportOutcome::New => c.new = n,
            ImportOutcome::Update => c.update = n,
            ImportOutcome::Unchanged => c.unchanged = n,
            ImportOutcome::Error => c.error = n,
        }
    }
    Ok(c)
}

/// Of [`problem_counts`], the rows refused only for a department the organisation lacks: those
/// a commit that creates the missing departments writes.
pub fn missing_department_rows(problems: &[(ImportProblem, i64)]) -> i64 {
    problems
        .iter()
        .find(|(p, _)| *p == ImportProblem::UnknownDepartment)
        .map_or(0, |(_, n)| *n)
}

/// Refused rows per problem, most frequent first.
pub fn problem_counts(
    conn: &mut DbConnection,
    id: ImportId,
) -> QueryResult<Vec<(ImportProblem, i64)>> {
    let mut rows: Vec<(Option<ImportProblem>, i64)> = import_rows::table
        .filter(import_rows::import_id.eq(id))
        .filter(import_rows::outcome.eq(ImportOutcome::Error))
        .group_by(import_rows::problem)
        .select((import_rows::problem, diesel::dsl::count_star()))
        .load(conn)?;
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(rows
        .into_iter()
        .filter_map(|(p, n)| Some((p?, n)))
        .collect())
}

/// One page of rows in file order, optionally of one outcome; with the number of such rows.
pub fn rows_page(
    conn: &mut DbConnection,
    id: ImportId,
    outcome: Option<ImportOutcome>,
    page: i64,
    per_page: i64,
) -> QueryResult<(Vec<ImportRow>, i64)> {
    let filtered = || {
        let mut q = import_rows::table
            .filter(import_rows::import_id.eq(id))
            .into_boxed();
        if let Some(o) = outcome {
            q = q.filter(import_rows::outcome.eq(o));
        }
        q
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order(import_rows::line.asc())
        .offset((page.max(1) - 1).saturating_mul(per_page))
        .limit(per_page)
        .select(ImportRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// The departments the file names that the organisation lacks (each once, as first written).
pub fn missing_departments(conn: &mut DbConnection, id: ImportId) -> QueryResult<Vec<String>> {
    let names: Vec<String> = import_rows::table
        .filter(import_rows::import_id.eq(id))
        .filter(import_rows::problem.eq(ImportProblem::UnknownDepartment))
        .order(import_rows::line.asc())
        .select(import_rows::department)
        .load(conn)?;
    let mut seen = std::collections::HashSet::new();
    Ok(names
        .into_iter()
        .map(|n| crate::domain::contact::clean_text(&n))
        .filter(|n| !n.is_empty() && seen.insert(name_key(n)))
        .collect())
}

/// The refused rows as they stood in the file, with their problem (for the file to fix).
pub fn refused_rows(
    conn: &mut DbConnection,
    id: ImportId,
) -> QueryResult<Vec<(RawRow, Option<ImportProblem>)>> {
    let rows: Vec<ImportRow> = import_rows::table
        .filter(import_rows::import_id.eq(id))
        .filter(import_rows::outcome.eq(ImportOutcome::Error))
        .order(import_rows::line.asc())
        .select(ImportRow::as_select())
        .load(conn)?;
    Ok(rows
        .iter()
        .map(|r| (super::stage::raw(r), r.problem))
        .collect())
}

/// Where a commit stands: rows handled so far by outcome, and the invitations it queued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Progress {
    pub total: i64,
    pub done: i64,
    pub written: OutcomeCounts,
    /// Invitations queued by the commit, and how many of them left (or failed).
    pub invitations: BatchProgress,
    /// Every row handled and every invitation out of the queue.
    pub finished: bool,
}

pub fn progress(conn: &mut DbConnection, import: &Import) -> QueryResult<Progress> {
    let written = counts(conn, import.id, true)?;
    let invitations = match import.batch_id {
        Some(batch) => batch_progress(conn, batch)?,
        None => BatchProgress::default(),
    };
    let done = written.total();
    let rows_finished = import.status == ImportStatus::Done;
    Ok(Progress {
        total: i64::from(import.total_rows),
        done,
        written,
        invitations,
        finished: rows_finished && invitations.done(),
    })
}

/// One of the organisation's latest imports, and whether it stopped before its last row (its
/// organisation was disabled, or a chunk failed on every attempt).
pub struct Recent {
    pub import: Import,
    pub stopped: bool,
}

/// The organisation's latest imports, newest first.
pub fn recent(conn: &mut DbConnection, org_id: OrgId, limit: i64) -> QueryResult<Vec<Recent>> {
    let imports: Vec<Import> = imports::table
        .filter(imports::org_id.eq(org_id))
        .filter(imports::status.ne(ImportStatus::Staging))
        .order((imports::created_at.desc(), imports::id.desc()))
        .limit(limit)
        .select(Import::as_select())
        .load(conn)?;
    let done: Vec<ImportId> = imports
        .iter()
        .filter(|i| i.status == ImportStatus::Done)
        .map(|i| i.id)
        .collect();
    let stopped: Vec<ImportId> = if done.is_empty() {
        Vec::new()
    } else {
        import_rows::table
            .filter(import_rows::import_id.eq_any(&done))
            .filter(import_rows::done.eq(false))
            .select(import_rows::import_id)
            .distinct()
            .load(conn)?
    };
    Ok(imports
        .into_iter()
        .map(|import| Recent {
            stopped: stopped.contains(&import.id),
            import,
        })
        .collect())
}
