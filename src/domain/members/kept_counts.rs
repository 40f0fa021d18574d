//! Counts per status of a searched or filtered users table, kept between requests (issue 10
//! P1). Counting a common text's matches is the dearest part of a search page (SQLite, "ivan"
//! in 10,000 cards, 2,349 matches: ~0.8 ms grouped by status), and paging through the results,
//! coming back to them and reloading after an action ask for the same counts again.
//!
//! A kept count is only ever used under the version it was counted at: `member_changes`, bumped
//! by triggers in the transaction of every change to an organisation's cards that a filter
//! could see (migration 000025). The version is read before counting, so what is kept is never
//! older than its version; every instance and process sharing the database bumps the same row.

use super::list::{self, Filter};
use crate::db::enums::{MemberKind, MemberStatus};
use crate::db::ids::{DepartmentId, OrgId};
use crate::db::schema::member_changes;
use crate::db::DbConnection;
use diesel::prelude::*;
use lru::LruCache;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::num::NonZeroUsize;

/// Longer search texts are counted every time rather than kept (bounds the memory: at most
/// capacity × this many bytes of keys).
const MAX_KEPT_TEXT: usize = 200;

/// The filters counts per status depend on (not the status itself, nor order or page).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    org_id: OrgId,
    /// The words the search looks up.
    q: Option<Vec<String>>,
    kind: Option<MemberKind>,
    department_id: Option<DepartmentId>,
}

struct Kept {
    version: i64,
    counts: HashMap<MemberStatus, i64>,
}

/// The most recently used counts, at most a configured number of filters (none: every count
/// is computed).
pub struct KeptCounts {
    entries: Option<Mutex<LruCache<Key, Kept>>>,
}

impl KeptCounts {
    /// Keeps the counts of up to `capacity` filters; 0 keeps none.
    pub fn new(capacity: usize) -> Self {
        KeptCounts {
            entries: NonZeroUsize::new(capacity).map(|c| Mutex::new(LruCache::new(c))),
        }
    }

    /// [`list::status_counts`], from what is kept while the organisation's cards are unchanged.
    pub fn status_counts(
        &self,
        conn: &mut DbConnection,
        org_id: OrgId,
        f: &Filter,
    ) -> QueryResult<HashMap<MemberStatus, i64>> {
        let Some(entries) = &self.entries else {
            return list::status_counts(conn, org_id, f);
        };
        let q = f.q.as_ref().map(|q| q.words().to_vec());
        let long =
            |words: &Vec<String>| words.iter().map(String::len).sum::<usize>() > MAX_KEPT_TEXT;
        if f.status_only() || q.as_ref().is_some_and(long) {
            return list::status_counts(conn, org_id, f);
        }
        let key = Key {
            org_id,
            q,
            kind: f.kind,
            department_id: f.department_id,
        };
        // Read before counting: the counts are then at least as new as the version.
        let Some(version) = version(conn, org_id)? else {
            return list::status_counts(conn, org_id, f);
        };
        if let Some(kept) = entries.lock().get(&key) {
            if kept.version == version {
                return Ok(kept.counts.clone());
            }
        }
        let counts = list::status_counts(conn, org_id, f)?;
        let mut entries = entries.lock();
        // A request that counted at an older version, slower than one at a newer, keeps the newer.
        if entries
            .peek(&key)
            .is_none_or(|kept| kept.version <= version)
        {
            entries.put(
                key,
                Kept {
                    version,
                    counts: counts.clone(),
                },
            );
        }
        Ok(counts)
    }
}

/// The organisation's version of its cards; None for an organisation without one (its counts
/// are never kept).
fn version(conn: &mut DbConnection, org_id: OrgId) -> QueryResult<Option<i64>> {
    member_changes::table
        .find(org_id)
        .select(member_changes::version)
        .first(conn)
        .optional()
}
