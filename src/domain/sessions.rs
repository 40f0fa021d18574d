//! Ending sessions on the server (docs/SECURITY.md D2): the cookie of an ended session is
//! worthless, on every device.

use crate::db::ids::AccountId;
use crate::db::{self, DbConnection};
use diesel::QueryResult;
use time::PrimitiveDateTime;

/// How many browsers the account is signed in on now (its live sessions, this one included).
pub fn open_count(
    conn: &mut DbConnection,
    account_id: AccountId,
    now: PrimitiveDateTime,
) -> QueryResult<i64> {
    db::sessions::count_live_for_account(conn, account_id, now)
}

/// Ends every session of an account: sign-out everywhere, password change, account disabled.
/// Returns how many were ended. A request of that account still in flight cannot write its
/// session back (`web::session_store` never re-creates a row that is gone).
pub fn end_all_for_account(conn: &mut DbConnection, account_id: AccountId) -> QueryResult<usize> {
    db::write_tx(conn, |conn| {
        db::sessions::delete_for_account(conn, account_id)
    })
}
