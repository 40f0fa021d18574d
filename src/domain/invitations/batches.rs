//! Bulk sends followed on a progress page (seed 004's loading screen): a batch is the identity
//! of one bulk send; its invitations point at it, and its progress is counted from them, so the
//! page survives a reload and tells the truth after a restart.

use super::*;
use crate::db::enums::InvitationStatus;
use crate::db::ids::{BatchId, MemberId, OrgId};
use crate::db::models::{InviteBatch, NewInviteBatch};
use crate::db::schema::{invitations, invite_batches};
use crate::db::DbConnection;
use crate::domain::{Actor, DomainResult};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// Where a batch stands: every invitation of it is queued, sent, failed, or was cancelled
/// (revoked or replaced before it left).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct BatchProgress {
    pub total: i64,
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
    /// Of the failed ones, those a later send has replaced (the list shows them as Replaced,
    /// not under Failed).
    pub failed_replaced: i64,
    pub cancelled: i64,
}

impl BatchProgress {
    /// Failed ones the invitations list still shows under Failed (not sent again since).
    pub fn still_failed(&self) -> i64 {
        self.failed - self.failed_replaced
    }

    /// Nothing is left in the queue.
    pub fn done(&self) -> bool {
        self.queued == 0
    }
    /// Handled so far (sent, failed or cancelled), for the bar.
    pub fn handled(&self) -> i64 {
        self.total - self.queued
    }
}

/// Invites through the one policy (`invite_in_tx`) as one batch: the batch exists only when
/// at least one invitation was queued, and is written in the same transaction as they are.
///
/// `submission`: the key the form carried. A second post with it (a double click, a reload)
/// gets the first one's results and batch back and invites nobody again (`once`).
pub fn invite_batch(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
    member_ids: &[MemberId],
    opts: &InviteOptions,
    submission: Option<&str>,
) -> DomainResult<(Vec<InviteOutcome>, Option<BatchId>)> {
    let kept_under = once::key(submission);
    invite_tx(conn, now, actor, org_id, opts.grant_admin, |conn, org| {
        if let Some(key) = kept_under {
            // The policy takes this lock too; taken first, it orders a repeated post after
            // the first one's commit.
            lock_org(conn, org.id)?;
            if let Some(done) = once::done_before(conn, actor, key)? {
                return Ok(once::decode_batch(&done));
            }
        }
        let batch_id = open_batch(conn, now, actor, org_id)?;
        let opts = InviteOptions {
            batch_id: Some(batch_id),
            ..opts.clone()
        };
        let outcomes = invite_in_tx(conn, now, actor, org, member_ids, &opts)?;
        let queued = outcomes
            .iter()
            .any(|o| matches!(o.result, InviteResult::Queued { .. }));
        if !queued {
            diesel::delete(invite_batches::table.find(batch_id)).execute(conn)?;
        }
        let batch = queued.then_some(batch_id);
        if let Some(key) = kept_under {
            once::keep(conn, now, actor, key, &once::encode_batch(&outcomes, batch))?;
        }
        Ok((outcomes, batch))
    })
}

/// Opens a batch for invitations about to be queued (inside the caller's transaction).
pub fn open_batch(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    actor: &Actor,
    org_id: OrgId,
) -> QueryResult<BatchId> {
    diesel::insert_into(invite_batches::table)
        .values(NewInviteBatch {
            org_id,
            created_by_account_id: Some(actor.account_id),
            created_at: now,
        })
        .returning(invite_batches::id)
        .get_result(conn)
}

/// A batch by id, only within the organisation.
pub fn batch_in_org(
    conn: &mut DbConnection,
    org_id: OrgId,
    id: BatchId,
) -> QueryResult<Option<InviteBatch>> {
    invite_batches::table
        .filter(invite_batches::org_id.eq(org_id))
        .filter(invite_batches::id.eq(id))
        .select(InviteBatch::as_select())
        .first(conn)
        .optional()
}

/// Counts a batch's invitations by where they stand.
pub fn batch_progress(conn: &mut DbConnection, id: BatchId) -> QueryResult<BatchProgress> {
    let rows: Vec<(InvitationStatus, Option<PrimitiveDateTime>, bool)> = invitations::table
        .filter(invitations::batch_id.eq(id))
        .select((
            invitations::status,
            invitations::sent_at,
            invitations::replaced_by.is_not_null(),
        ))
        .load(conn)?;
    let mut p = BatchProgress {
        total: rows.len() as i64,
        ..Default::default()
    };
    for (status, sent_at, replaced) in rows {
        match (status, sent_at) {
            (InvitationStatus::Queued, _) => p.queued += 1,
            (InvitationStatus::Failed, _) => {
                p.failed += 1;
                p.failed_replaced += i64::from(replaced);
            }
            (_, Some(_)) => p.sent += 1,
            (_, None) => p.cancelled += 1,
        }
    }
    Ok(p)
}
