//! An organisation's departments.

use super::{unique_as_conflict, DomainResult};
use crate::db::ids::{DepartmentId, OrgId};
use crate::db::schema::departments;
use crate::db::DbConnection;
use diesel::prelude::*;
use time::PrimitiveDateTime;

pub fn names(conn: &mut DbConnection, org_id: OrgId) -> QueryResult<Vec<(DepartmentId, String)>> {
    departments::table
        .filter(departments::org_id.eq(org_id))
        .order(departments::name.asc())
        .select((departments::id, departments::name))
        .load(conn)
}

pub fn create(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    org_id: OrgId,
    name: &str,
) -> DomainResult<DepartmentId> {
    crate::db::write_tx(conn, |conn| {
        diesel::insert_into(departments::table)
            .values(crate::db::models::NewDepartment {
                org_id,
                name,
                created_at: now,
            })
            .returning(departments::id)
            .get_result(conn)
            .map_err(|e| unique_as_conflict(e, "department"))
    })
}
