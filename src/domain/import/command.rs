//! What the command-line import needs that the web takes from the signed-in admin: the
//! organisation by its customer number, and whose name the import (and its invitations) go in.

use crate::db::enums::MemberStatus;
use crate::db::ids::{AccountId, ImportId};
use crate::db::import_enums::ImportStatus;
use crate::db::models::Organisation;
use crate::db::schema::{imports, members, organisations};
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

/// How long an import may stay `staging` (its rows being stored, a few seconds at most) before
/// housekeeping takes it for one a crash or a lost database left half-stored.
pub const STAGING_KEPT: time::Duration = time::Duration::hours(1);

/// Drops the imports under review uploaded more than [`REVIEW_KEPT`] before `now`, and those
/// left staging for more than [`STAGING_KEPT`], with their rows (call inside a write
/// transaction: housekeeping's).
pub fn discard_stale(conn: &mut DbConnection, now: time::PrimitiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        imports::table.filter(
            imports::status
                .eq(ImportStatus::Review)
                .and(imports::created_at.lt(now - REVIEW_KEPT))
                .or(imports::status
                    .eq(ImportStatus::Staging)
                    .and(imports::created_at.lt(now - STAGING_KEPT))),
        ),
    )
    .execute(conn)
}

/// Drops an import still under review (a dry run leaves nothing behind).
pub fn discard(conn: &mut DbConnection, id: ImportId) -> QueryResult<usize> {
    write_tx(conn, |c| {
        diesel::delete(
            imports::table
                .filter(imports::id.eq(id))
                .filter(imports::status.eq(ImportStatus::Review)),
        )
        .execute(c)
    })
}
