//! Form posts done once (docs/STYLE.md, idempotent form posts): what a post did, kept under the
//! random key its form carried, per account, for a day. Read and written inside the
//! transaction of the work itself, so a post either did its work and left its outcome, or did
//! neither.

use crate::db::ids::AccountId;
use crate::db::schema::form_submissions;
use crate::db::DbConnection;
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// What the post `submission` of `account` did, if it was done.
pub fn outcome(
    conn: &mut DbConnection,
    account: AccountId,
    submission: &str,
) -> QueryResult<Option<String>> {
    form_submissions::table
        .find((account, submission))
        .select(form_submissions::outcome)
        .first(conn)
        .optional()
}

pub fn record(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    account: AccountId,
    submission: &str,
    outcome: &str,
) -> QueryResult<usize> {
    diesel::insert_into(form_submissions::table)
        .values((
            form_submissions::account_id.eq(account),
            form_submissions::submission.eq(submission),
            form_submissions::outcome.eq(outcome),
            form_submissions::created_at.eq(now),
        ))
        .execute(conn)
}

/// Deletes the outcomes recorded before `before`.
pub fn delete_before(conn: &mut DbConnection, before: PrimitiveDateTime) -> QueryResult<usize> {
    diesel::delete(form_submissions::table.filter(form_submissions::created_at.lt(before)))
        .execute(conn)
}
