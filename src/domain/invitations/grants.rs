//! Who may grant what when inviting (docs/PRODUCT.md §3 "members may invite"): admins and
//! platform operators grant any role of the organisation and admin rights; anyone else only the
//! roles they hold themselves, never admin rights. `invite_in_tx` enforces it.

use crate::db::ids::{AccountId, RoleId};
use crate::db::models::Organisation;
use crate::db::schema::{accounts, member_roles};
use crate::db::DbConnection;
use crate::domain::Actor;
use diesel::prelude::*;

/// Whether the account is a platform operator, and whether it is enabled — read in the
/// caller's transaction; on PostgreSQL under a share lock, so that disabling the account
/// (`platform_accounts::disable` updates this row) waits for an inviting transaction to commit
/// and then withdraws what it queued. SQLite's write transactions run one at a time already.
/// (false, false) for an account that does not exist.
pub fn standing(conn: &mut DbConnection, account: AccountId) -> QueryResult<(bool, bool)> {
    let query = accounts::table
        .find(account)
        .select((accounts::is_operator, accounts::disabled_at.is_null()));
    let found = match conn {
        DbConnection::Pg(c) => query.for_share().first::<(bool, bool)>(c).optional()?,
        DbConnection::Sqlite(c) => query.first::<(bool, bool)>(c).optional()?,
    };
    Ok(found.unwrap_or((false, false)))
}

/// Whether the account is a platform operator.
pub fn is_operator(conn: &mut DbConnection, account: AccountId) -> QueryResult<bool> {
    Ok(accounts::table
        .find(account)
        .select(accounts::is_operator)
        .first(conn)
        .optional()?
        .unwrap_or(false))
}

/// Whether the actor may grant any role of the organisation (and admin rights): its admins and
/// platform operators. Anyone else grants only roles they hold themselves, never admin rights.
pub fn grants_any(conn: &mut DbConnection, org: &Organisation, actor: &Actor) -> QueryResult<bool> {
    if is_operator(conn, actor.account_id)? {
        return Ok(true);
    }
    let me = crate::domain::orgs::active_member(conn, org.id, actor.account_id)?;
    Ok(me.is_some_and(|m| m.is_admin))
}

/// The roles the actor may give when inviting, by name: all of the organisation's for those who
/// grant any, else the ones the actor holds.
pub fn grantable_roles(
    conn: &mut DbConnection,
    org: &Organisation,
    actor: &Actor,
) -> QueryResult<Vec<(RoleId, String)>> {
    let all = crate::domain::roles::names(conn, org.id)?;
    if grants_any(conn, org, actor)? {
        return Ok(all);
    }
    let held = held_roles(conn, org, actor)?;
    Ok(all
        .into_iter()
        .filter(|(id, _)| held.contains(id))
        .collect())
}

pub(super) fn held_roles(
    conn: &mut DbConnection,
    org: &Organisation,
    actor: &Actor,
) -> QueryResult<Vec<RoleId>> {
    let Some(me) = crate::domain::orgs::active_member(conn, org.id, actor.account_id)? else {
        return Ok(Vec::new());
    };
    member_roles::table
        .filter(member_roles::member_id.eq(me.id))
        .select(member_roles::role_id)
        .load(conn)
}
