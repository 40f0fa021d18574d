//! An open invitation, as people see it: queued, or pending and not yet expired — what the
//! invitations list shows under Queued and Pending, what holds a seat, and what every count
//! of "open invitations" counts. A pending invitation past its expiry is expired: not open,
//! though still stored as pending (and still revoked with the open ones when its inviter loses
//! the right, so it cannot be sent again under a right that is gone).

use crate::db::enums::InvitationStatus;
use crate::db::schema::invitations;
use crate::db::DbConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable};
use time::PrimitiveDateTime;

type Db = <DbConnection as Connection>::Backend;

/// The condition naming the invitations open at `now` (a pending one without an expiry is not:
/// its comparison with `now` is NULL).
pub fn open_at(
    now: PrimitiveDateTime,
) -> Box<dyn BoxableExpression<invitations::table, Db, SqlType = Nullable<Bool>>> {
    Box::new(
        invitations::status
            .eq(InvitationStatus::Queued)
            .or(invitations::status
                .eq(InvitationStatus::Pending)
                .and(invitations::expires_at.gt(now))),
    )
}

/// [`open_at`] for an invitation already read.
pub fn is_open_at(
    status: InvitationStatus,
    expires_at: Option<PrimitiveDateTime>,
    now: PrimitiveDateTime,
) -> bool {
    match status {
        InvitationStatus::Queued => true,
        InvitationStatus::Pending => expires_at.is_some_and(|at| at > now),
        _ => false,
    }
}

/// Of `cards` (the organisation's), those whose invitation was sent and has expired unanswered
/// (still stored as pending): the users table's "invited" that no longer has a working link.
pub fn expired_among(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    org_id: crate::db::ids::OrgId,
    cards: &[crate::db::ids::MemberId],
) -> QueryResult<std::collections::HashSet<crate::db::ids::MemberId>> {
    if cards.is_empty() {
        return Ok(Default::default());
    }
    // The cards' invitations by the index on their card. `org_id + 0` keeps the tenant check
    // out of SQLite's choice of index: without statistics it preferred (org_id, status), and read
    // every pending invitation of the organisation for a page of fifty cards (2,000 in the
    // bench's organisations: the users table's first page 5,007 → 1,357 req/s).
    let expired: Vec<crate::db::ids::MemberId> = invitations::table
        .filter(invitations::member_id.eq_any(cards))
        .filter((invitations::org_id + 0_i64).eq(org_id))
        .filter(invitations::status.eq(InvitationStatus::Pending))
        .filter(invitations::expires_at.le(now))
        .select(invitations::member_id)
        .load(conn)?;
    Ok(expired.into_iter().collect())
}
