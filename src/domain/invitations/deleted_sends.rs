//! The invitations of the last 24 hours that went with a deleted card (`deleted_sends`,
//! migration 000048): they keep counting against their inviters' daily limits until their day
//! is over — deleting the cards one invited today does not give the day's allowance back.

use crate::db::ids::{AccountId, MemberId, OrgId};
use crate::db::schema::{deleted_sends, invitations};
use crate::db::DbConnection;
use diesel::prelude::*;
use time::{Duration, PrimitiveDateTime};

/// How long an invitation counts against its inviter's daily limit.
pub(super) const DAY: Duration = Duration::hours(24);

/// Keeps the card's invitations of the last 24 hours as deleted sends; call before the card
/// and its invitations are deleted, in the same transaction. Returns how many were kept.
pub fn keep(conn: &mut DbConnection, now: PrimitiveDateTime, card: MemberId) -> QueryResult<usize> {
    let sent: Vec<(OrgId, Option<AccountId>, PrimitiveDateTime)> = invitations::table
        .filter(invitations::member_id.eq(card))
        .filter(invitations::created_at.gt(now - DAY))
        .select((
            invitations::org_id,
            invitations::inviter_account_id,
            invitations::created_at,
        ))
        .load(conn)?;
    let values: Vec<_> = sent
        .iter()
        .map(|(org, inviter, at)| {
            (
                deleted_sends::org_id.eq(*org),
                deleted_sends::inviter_account_id.eq(*inviter),
                deleted_sends::created_at.eq(*at),
            )
        })
        .collect();
    if values.is_empty() {
        return Ok(0);
    }
    let insert = diesel::insert_into(deleted_sends::table).values(&values);
    crate::on_backend!(conn, |c| insert.execute(c))
}

/// The deleted sends of `inviter` in the last 24 hours: in `org`, or anywhere.
pub(super) fn count(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    inviter: AccountId,
    org: Option<OrgId>,
) -> QueryResult<i64> {
    let mut q = deleted_sends::table
        .filter(deleted_sends::inviter_account_id.eq(inviter))
        .filter(deleted_sends::created_at.gt(now - DAY))
        .into_boxed();
    if let Some(org) = org {
        q = q.filter(deleted_sends::org_id.eq(org));
    }
    q.count().get_result(conn)
}

/// Deletes the deleted sends whose day is over.
pub fn sweep(conn: &mut DbConnection, now: PrimitiveDateTime) -> QueryResult<usize> {
    diesel::delete(deleted_sends::table.filter(deleted_sends::created_at.le(now - DAY)))
        .execute(conn)
}
