//! An account's own memberships, as `/account` lists them: each organisation it is an active
//! member of, with the roles it holds there and since when.

use crate::db::enums::{InvitationStatus, MemberKind, MemberStatus};
use crate::db::ids::{AccountId, MemberId, OrgId};
use crate::db::schema::{invitations, member_roles, members, organisations, roles};
use crate::db::DbConnection;
use diesel::prelude::*;
use time::PrimitiveDateTime;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub org_id: OrgId,
    pub org_name: String,
    pub customer_number: String,
    pub kind: MemberKind,
    pub is_admin: bool,
    pub role_names: Vec<String>,
    /// When the account joined: its accepted invitation, or (for a card made active otherwise)
    /// when the card was created.
    pub since: PrimitiveDateTime,
}

/// The account's active memberships, by organisation name. Only its own rows are read: every
/// query is filtered by the account.
pub fn for_account(conn: &mut DbConnection, account_id: AccountId) -> QueryResult<Vec<Membership>> {
    let rows: Vec<(
        MemberId,
        OrgId,
        String,
        String,
        MemberKind,
        bool,
        PrimitiveDateTime,
    )> = members::table
        .inner_join(organisations::table)
        .filter(members::account_id.eq(account_id))
        .filter(members::invite_status.eq(MemberStatus::Active))
        .order((organisations::name.asc(), organisations::id.asc()))
        .select((
            members::id,
            organisations::id,
            organisations::name,
            organisations::customer_number,
            members::kind,
            members::is_admin,
            members::created_at,
        ))
        .load(conn)?;
    let ids: Vec<MemberId> = rows.iter().map(|r| r.0).collect();
    let held: Vec<(MemberId, String)> = member_roles::table
        .inner_join(roles::table)
        .filter(member_roles::member_id.eq_any(&ids))
        .order(roles::name.asc())
        .select((member_roles::member_id, roles::name))
        .load(conn)?;
    let joined: Vec<(MemberId, Option<PrimitiveDateTime>)> = invitations::table
        .filter(invitations::member_id.eq_any(&ids))
        .filter(invitations::status.eq(InvitationStatus::Accepted))
        .filter(invitations::accepted_account_id.eq(account_id))
        .select((invitations::member_id, invitations::accepted_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(member_id, org_id, org_name, customer_number, kind, is_admin, created_at)| {
                let since = joined
                    .iter()
                    .filter(|(m, _)| *m == member_id)
                    .filter_map(|(_, at)| *at)
                    .max()
                    .unwrap_or(created_at);
                Membership {
                    org_id,
                    org_name,
                    customer_number,
                    kind,
                    is_admin,
                    role_names: held
                        .iter()
                        .filter(|(m, _)| *m == member_id)
                        .map(|(_, name)| name.clone())
                        .collect(),
                    since,
                }
            },
        )
        .collect())
}
