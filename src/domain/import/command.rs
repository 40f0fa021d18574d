//! What the command-line import needs that the web takes from the signed-in admin: the
//! organisation by its customer number, and whose name the import (and its invitations) go in.

use crate::db::enums::MemberStatus;
use crate::db::ids::{AccountId, ImportId};
use crate::db::import_enums::ImportStatus;
use crate::db::models::Organisation;
use crate::db::pace::Pace;
use crate::db::schema::{import_rows, imports, members, organisations};
use crate::db::{write_tx, DbConnection};
use crate::domain::contact::EmailAddress;
use crate::domain::{accounts, invitations, Actor, DomainError, DomainResult};
use diesel::prelude::*;

/// The organisation with this customer number as typed, else the one (and only one) whose
/// number differs from it by case alone ("b-2" for "B-2").
pub fn org_by_customer_number(
    conn: &mut DbConnection,
    number: &str,
) -> QueryResult<Option<Organisation>> {
    let number = number.trim();
    let exact = organisations::table
        .filter(organisations::customer_number.eq(number))
        .select(Organisation::as_select())
        .first(conn)
        .optional()?;
    if exact.is_some() {
        return Ok(exact);
    }
    match crate::domain::orgs::with_customer_number_alike(conn, number)?[..] {
        [one] => crate::domain::orgs::get(conn, one),
        _ => Ok(None),
    }
}

/// The account the import runs as: the one named by `email` (it must be allowed to invite into
/// the organisation: an active admin of it, or a platform operator), or else the organisation's
/// earliest active admin. `None`: nobody can (the organisation has no active admin yet).
pub fn acting_account(
    conn: &mut DbConnection,
    org: &Organisation,
    email: Option<&EmailAddress>,
    request_id: &str,
) -> DomainResult<Option<Actor>> {
    let account_id: Option<AccountId> = match email {
        Some(email) => {
            let account = accounts::find_by_email(conn, email)?.ok_or(DomainError::NotFound)?;
            Some(account.id)
        }
        None => members::table
            .filter(members::org_id.eq(org.id))
            .filter(members::is_admin.eq(true))
            .filter(members::invite_status.eq(MemberStatus::Active))
            .filter(members::account_id.is_not_null())
            .order(members::id.asc())
            .select(members::account_id)
            .first::<Option<AccountId>>(conn)
            .optional()?
            .flatten(),
    };
    let Some(account_id) = account_id else {
        return Ok(None);
    };
    let actor = Actor {
        account_id,
        request_id: request_id.to_owned(),
    };
    if !invitations::may_invite(conn, org, &actor, true)? {
        return Err(DomainError::Forbidden);
    }
    Ok(Some(actor))
}

/// How long an import waits under review for its commit before housekeeping drops it (and the
/// addresses and numbers its rows hold): one uploaded and never committed or replaced.
pub const REVIEW_KEPT: time::Duration = time::Duration::days(7);

/// How long an import may stay `staging` (its rows being stored or dropped, a few seconds)
/// before housekeeping takes it for one a crash or a lost database left half-done.
pub const STAGING_KEPT: time::Duration = time::Duration::hours(1);

/// Rows dropped per write transaction.
const DROP_ROWS: i64 = 5_000;

/// Drops the imports under review uploaded more than [`REVIEW_KEPT`] before `now`, and those
/// left staging for more than [`STAGING_KEPT`], with their rows (housekeeping); how many.
pub fn discard_stale(conn: &mut DbConnection, now: time::PrimitiveDateTime) -> QueryResult<usize> {
    let stale: Vec<ImportId> = write_tx(conn, |c| {
        let ids: Vec<ImportId> = imports::table
            .filter(
                imports::status
                    .eq(ImportStatus::Review)
                    .and(imports::created_at.lt(now - REVIEW_KEPT))
                    .or(imports::status
                        .eq(ImportStatus::Staging)
                        .and(imports::created_at.lt(now - STAGING_KEPT))),
            )
            .select(imports::id)
            .load(c)?;
        out_of_reach(c, &ids)?;
        QueryResult::Ok(ids)
    })?;
    for id in &stale {
        remove(conn, *id)?;
    }
    Ok(stale.len())
}

/// Drops an import still under review (a dry run leaves nothing behind).
pub fn discard(conn: &mut DbConnection, id: ImportId) -> QueryResult<usize> {
    let reached = write_tx(conn, |c| {
        let under_review: Vec<ImportId> = imports::table
            .filter(imports::id.eq(id))
            .filter(imports::status.eq(ImportStatus::Review))
            .select(imports::id)
            .load(c)?;
        out_of_reach(c, &under_review)?;
        QueryResult::Ok(under_review.len())
    })?;
    if reached == 1 {
        remove(conn, id)?;
    }
    Ok(reached)
}

/// Puts imports out of every page's and the commit's reach while their rows go: `staging`
/// again (housekeeping finishes the job if it is cut short).
fn out_of_reach(conn: &mut DbConnection, ids: &[ImportId]) -> QueryResult<usize> {
    diesel::update(imports::table.filter(imports::id.eq_any(ids)))
        .set(imports::status.eq(ImportStatus::Staging))
        .execute(conn)
}

/// Drops a `staging` import and its rows, a few thousand to a write transaction: a file's rows
/// in one would hold SQLite's one writer for seconds, as storing them did.
pub(super) fn remove(conn: &mut DbConnection, id: ImportId) -> QueryResult<()> {
    let mut pace = Pace::new(conn);
    loop {
        let dropped = write_tx(conn, |c| {
            let lines: Vec<i32> = import_rows::table
                .filter(import_rows::import_id.eq(id))
                .select(import_rows::line)
                .limit(DROP_ROWS)
                .load(c)?;
            diesel::delete(
                import_rows::table
                    .filter(import_rows::import_id.eq(id))
                    .filter(import_rows::line.eq_any(&lines)),
            )
            .execute(c)
        })?;
        if dropped == 0 {
            break;
        }
        pace.between();
    }
    write_tx(conn, |c| {
        diesel::delete(
            imports::table
                .filter(imports::id.eq(id))
                .filter(imports::status.eq(ImportStatus::Staging)),
        )
        .execute(c)
    })
    .map(|_| ())
}
