//! An uploaded file becomes an import: every row classified against the organisation as it
//! stands and stored with its outcome, before anything else is written.
//!
//! The reads and the classification hold no lock (a commit classifies every row again, chunk by
//! chunk), and the rows go in a few thousand to a write transaction: SQLite has one writer, and
//! a file of 200,000 rows stored in one transaction kept every other writer waiting for seconds
//! (past the 5 s busy timeout: their requests failed). Until its last row is stored the import
//! is `staging`, which no page shows; one whose staging fails is deleted, and one a crash left
//! behind is swept by housekeeping ([`super::command::discard_stale`]).
//! The limits of "Send invitation" refuse no row here: the file is measured against them as a
//! whole ([`super::demand`]), on the review page and again when it is committed.

use super::classify::{self, Matches, OrgView, RowContacts, Verdict};
use super::read::RawRow;
use crate::db::enums::MemberKind;
use crate::db::ids::{ImportId, MemberId};
use crate::db::import_enums::{ImportOutcome, ImportProblem, ImportStatus};
use crate::db::models::{ImportRow, NewImport, Organisation};
use crate::db::pace::Pace;
use crate::db::schema::{import_rows, imports};
use crate::db::{write_tx, DbConnection};
use crate::domain::contact::{EmailAddress, PhoneNumber};
use crate::domain::invitations::Allowance;
use crate::domain::{Actor, DomainError, DomainResult};
use diesel::prelude::*;
use std::collections::HashSet;
use time::PrimitiveDateTime;

/// Rows written per INSERT (15 values each: under SQLite's 32,766 parameters).
pub(super) const INSERT_CHUNK: usize = 1000;

/// Rows stored per write transaction while staging: a few milliseconds of SQLite's writer each.
const STAGE_TX_ROWS: usize = 5 * INSERT_CHUNK;

/// What the admin chose on upload.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub send_invitation: bool,
    pub default_kind: MemberKind,
}

/// Rows of one file, in file order, that refuse what an earlier row already claimed: the same
/// e-mail, phone or card again is a duplicate. With an allowance (the chunks of a commit),
/// rows past the daily limit or the seats left are refused too, in file order — which happens
/// only when something else used the allowance after the commit found room for the whole file
/// ([`super::demand`]); the review applies no limits.
pub(super) struct FileRules {
    emails: HashSet<EmailAddress>,
    phones: HashSet<PhoneNumber>,
    cards: HashSet<MemberId>,
    allowance: Option<Allowance>,
    /// The platform sends invitations by e-mail only: rows without one invite nobody.
    email_only: bool,
}

impl FileRules {
    pub(super) fn new(allowance: Option<Allowance>, email_only: bool) -> FileRules {
        FileRules {
            emails: HashSet::new(),
            phones: HashSet::new(),
            cards: HashSet::new(),
            allowance,
            email_only,
        }
    }

    pub(super) fn apply(&mut self, v: &mut Verdict) {
        let mut duplicate = false;
        if let Some(e) = &v.email {
            duplicate |= !self.emails.insert(e.clone());
        }
        if let Some(p) = &v.phone {
            duplicate |= !self.phones.insert(p.clone());
        }
        if let Some(id) = v.member_id() {
            duplicate |= !self.cards.insert(id);
        }
        if duplicate {
            v.refuse(ImportProblem::DuplicateInFile);
            return;
        }
        if v.outcome == ImportOutcome::Error || !v.invitable() || !v.reachable(self.email_only) {
            return;
        }
        if let Some(left) = &mut self.allowance {
            let seat = v.member_id().is_none_or(|id| left.takes_seat(id));
            if left.daily_left <= 0 {
                v.refuse(ImportProblem::DailyLimit);
            } else if seat && left.seats_left <= 0 {
                v.refuse(ImportProblem::SeatLimit);
            } else {
                left.daily_left -= 1;
                if seat {
                    left.seats_left -= 1;
                }
            }
        }
    }
}

/// Classifies `rows` and stores them as a new import under review.
pub fn stage(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org: &Organisation,
    upload: &Upload,
    rows: &[RawRow],
) -> DomainResult<ImportId> {
    let view = OrgView::load(conn, org.id)?;
    let contacts: Vec<_> = rows.iter().map(|r| RowContacts::parse(&view, r)).collect();
    let matches = Matches::load(conn, org.id, &contacts)?;
    let opts = classify::Options {
        send_invitation: upload.send_invitation,
        default_kind: upload.default_kind,
    };
    let id: ImportId = write_tx(conn, |conn| {
        diesel::insert_into(imports::table)
            .values(NewImport {
                org_id: org.id,
                created_by_account_id: Some(actor.account_id),
                file_name: &upload.file_name,
                send_invitation: upload.send_invitation,
                default_kind: upload.default_kind,
                status: ImportStatus::Staging,
                total_rows: i32::try_from(rows.len()).unwrap_or(i32::MAX),
                created_at: now,
            })
            .returning(imports::id)
            .get_result(conn)
    })?;
    let mut rules = FileRules::new(None, false);
    let mut pace = Pace::new(conn);
    let stored_all = rows
        .chunks(STAGE_TX_ROWS)
        .zip(contacts.chunks(STAGE_TX_ROWS))
        .try_for_each(|(rows, contacts)| {
            let batch: Vec<ImportRow> = rows
                .iter()
                .zip(contacts)
                .map(|(row, contacts)| {
                    let mut verdict = classify::classify(&view, &matches, &opts, row, contacts);
                    rules.apply(&mut verdict);
                    stored(id, row, &verdict, false)
                })
                .collect();
            pace.between();
            write_tx(conn, |conn| {
                batch
                    .chunks(INSERT_CHUNK)
                    .try_for_each(|part| insert_rows(conn, part))
            })
        })
        .map_err(DomainError::from)
        .and_then(|()| write_tx(conn, |conn| staged(conn, id)));
    if let Err(e) = stored_all {
        // Nothing half-stored stays: if even this fails, housekeeping sweeps it.
        if let Err(cleanup) = super::command::remove(conn, id) {
            tracing::warn!(import = %id, error = %cleanup, "a failed import's staged rows stay until housekeeping");
        }
        return Err(e);
    }
    Ok(id)
}

/// Every row stored: the import is under review. Gone (housekeeping took it for one left
/// half-stored, after an hour): not found.
fn staged(conn: &mut DbConnection, id: ImportId) -> DomainResult<()> {
    let moved = diesel::update(
        imports::table
            .filter(imports::id.eq(id))
            .filter(imports::status.eq(ImportStatus::Staging)),
    )
    .set(imports::status.eq(ImportStatus::Review))
    .execute(conn)?;
    if moved == 1 {
        Ok(())
    } else {
        Err(DomainError::NotFound)
    }
}

/// One multi-row INSERT (on the backend's own connection: Diesel's connection over both
/// backends has no batch insert).
pub(super) fn insert_rows(conn: &mut DbConnection, rows: &[ImportRow]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let insert = diesel::insert_into(import_rows::table).values(rows);
    crate::on_backend!(conn, |c| insert.execute(c)).map(|_| ())
}

/// A row as stored, with its verdict.
pub(super) fn stored(id: ImportId, row: &RawRow, v: &Verdict, done: bool) -> ImportRow {
    ImportRow {
        import_id: id,
        line: row.line,
        email: row.email.clone(),
        phone: row.phone.clone(),
        first_name: row.first_name.clone(),
        last_name: row.last_name.clone(),
        kind: row.kind.clone(),
        department: row.department.clone(),
        position: row.position.clone(),
        roles: row.roles.clone(),
        outcome: v.outcome,
        problem: v.problem,
        member_id: v.member_id(),
        done,
        invited: false,
    }
}

/// The file's row back from its stored form.
pub(super) fn raw(row: &ImportRow) -> RawRow {
    RawRow {
        line: row.line,
        email: row.email.clone(),
        phone: row.phone.clone(),
        first_name: row.first_name.clone(),
        last_name: row.last_name.clone(),
        kind: row.kind.clone(),
        department: row.department.clone(),
        position: row.position.clone(),
        roles: row.roles.clone(),
    }
}
