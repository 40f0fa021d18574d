//! Ending sessions on the server (docs/SECURITY.md D2): the cookie of an ended session is
//! worthless, on every device.

use crate::db::{self, DbConnection};
use diesel::QueryResult;

/// Ends every session of an account: sign-out, password change, account disabled. Returns how
/// many were ended. A request of that account still in flight cannot write its session back
/// (`web::session_store` never re-creates a row that is gone).
pub fn end_all_for_user(conn: &mut DbConnection, user_id: &str) -> QueryResult<usize> {
    db::write_tx(conn, |conn| db::sessions::delete_for_user(conn, user_id))
}
