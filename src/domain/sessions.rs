//! Ending sessions on the server (docs/SECURITY.md D2): the cookie of an ended session is
//! worthless, on every device.

use crate::db::ids::AccountId;
use crate::db::{self, DbConnection};
use diesel::QueryResult;
use time::{Duration, PrimitiveDateTime};

/// How long a session stays signed in after its sign-in, however busy (docs/SECURITY.md D3).
pub const LIFETIME: Duration = Duration::hours(12);

/// How many browsers the account is signed in on now, this one included: its live sessions
/// that have signed in within their lifetime — not a sign-in waiting for its second step, not
/// a row past its lifetime that its idle deadline still keeps (its next request signs it out).
pub fn open_count(
    conn: &mut DbConnection,
    account_id: AccountId,
    now: PrimitiveDateTime,
) -> QueryResult<i64> {
    db::sessions::count_signed_in_for_account(conn, account_id, now, now - LIFETIME)
}

/// Ends every session of an account: sign-out everywhere, password change, account disabled.
/// Returns how many were ended. A request of that account still in flight cannot write its
/// session back (`web::session_store` never re-creates a row that is gone).
pub fn end_all_for_account(conn: &mut DbConnection, account_id: AccountId) -> QueryResult<usize> {
    db::write_tx(conn, |conn| {
        db::sessions::delete_for_account(conn, account_id)
    })
}
