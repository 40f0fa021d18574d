//! An organisation's departments.

use super::{new_id, unique_as_conflict, DomainResult};
use crate::db::schema::departments;
use crate::db::DbConnection;
use diesel::prelude::*;
use time::PrimitiveDateTime;

pub fn names(conn: &mut DbConnection, org_id: &str) -> QueryResult<Vec<(String, String)>> {
    departments::table
        .filter(departments::org_id.eq(org_id))
        .order(departments::name.asc())
        .select((departments::id, departments::name))
        .load(conn)
}

pub fn create(
    conn: &mut DbConnection,
    now: PrimitiveDateTime,
    org_id: &str,
    name: &str,
) -> DomainResult<String> {
    crate::db::write_tx(conn, |conn| {
        let id = new_id();
        diesel::insert_into(departments::table)
            .values(crate::db::models::NewDepartment {
                id: &id,
                org_id,
                name,
                created_at: now,
            })
            .execute(conn)
            .map_err(|e| unique_as_conflict(e, "department"))?;
        Ok(id)
    })
}
