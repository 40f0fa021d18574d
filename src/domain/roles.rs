//! An organisation's roles.

use crate::db::schema::{membership_roles, roles};
use crate::db::DbConnection;
use diesel::prelude::*;

/// How many roles a member holds (no roles: restricted access, docs/PRODUCT.md §2.11).
pub fn role_count(conn: &mut DbConnection, membership_id: &str) -> QueryResult<i64> {
    membership_roles::table
        .filter(membership_roles::membership_id.eq(membership_id))
        .count()
        .get_result(conn)
}

pub fn names(conn: &mut DbConnection, org_id: &str) -> QueryResult<Vec<(String, String)>> {
    roles::table
        .filter(roles::org_id.eq(org_id))
        .order(roles::name.asc())
        .select((roles::id, roles::name))
        .load(conn)
}
