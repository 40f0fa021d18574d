//! An organisation's roles.

use crate::db::ids::{MemberId, OrgId, RoleId};
use crate::db::schema::{member_roles, roles};
use crate::db::DbConnection;
use diesel::prelude::*;

/// How many roles a member holds (no roles: restricted access, docs/PRODUCT.md §2.11).
pub fn role_count(conn: &mut DbConnection, member_id: MemberId) -> QueryResult<i64> {
    member_roles::table
        .filter(member_roles::member_id.eq(member_id))
        .count()
        .get_result(conn)
}

pub fn names(conn: &mut DbConnection, org_id: OrgId) -> QueryResult<Vec<(RoleId, String)>> {
    roles::table
        .filter(roles::org_id.eq(org_id))
        .order(roles::name.asc())
        .select((roles::id, roles::name))
        .load(conn)
}
