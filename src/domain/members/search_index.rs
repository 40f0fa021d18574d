//! Upkeep of the users search index on SQLite (the FTS5 trigram table `members_search`).
//!
//! Every write adds a small segment to the index and FTS5 merges them only a few at a time, so
//! after many writes a search walks many segments: on 100,000 seeded cards a rare term was read
//! at half the speed of a merged index (issue 10). The housekeeping sweep merges a bounded
//! number of pages at a time (a short write transaction) until the index is one segment again;
//! bulk loaders merge it all at once. PostgreSQL's GIN index keeps only a small queue of new
//! entries (migration 000021) that it merges by itself; after a bulk load it is vacuumed and the
//! planner's statistics refreshed, as PostgreSQL advises for any bulk load.

use crate::db::{write_tx, DbConnection};
use diesel::connection::SimpleConnection;
use diesel::QueryResult;

/// Index pages one housekeeping sweep may merge (a few MiB of writing).
pub const MERGE_PAGES: u32 = 500;

/// Merges up to `pages` pages of the search index's segments, on any level that has more than
/// one (FTS5's `merge` with a negative count); nothing on PostgreSQL.
pub fn merge_search_index(conn: &mut DbConnection, pages: u32) -> QueryResult<()> {
    if crate::db::is_sqlite(conn) {
        let sql =
            format!("INSERT INTO members_search(members_search, rank) VALUES('merge', -{pages})");
        return write_tx(conn, |conn| conn.batch_execute(&sql));
    }
    Ok(())
}

/// After a bulk load: merges the whole search index into one segment on SQLite; on PostgreSQL
/// `VACUUM (ANALYZE)` of the cards (outside any transaction), which empties the GIN index's
/// queue and gives the planner the new rows' statistics (a deep page of a freshly seeded
/// organisation: 316 → 885 req/s once analysed).
pub fn optimize_search_index(conn: &mut DbConnection) -> QueryResult<()> {
    if crate::db::is_sqlite(conn) {
        return write_tx(conn, |conn| {
            conn.batch_execute("INSERT INTO members_search(members_search) VALUES('optimize')")
        });
    }
    conn.batch_execute("VACUUM (ANALYZE) members, members_search")
}
