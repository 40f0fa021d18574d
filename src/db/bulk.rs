//! Many rows in few statements (issue 10): the writes whose SQL differs between the backends.
//! PostgreSQL gets one statement with each column bound as one array (`unnest`) — a statement
//! of thousands of parameters is parsed and bound anew every time; SQLite, in process with no
//! round trip, gets multi-row `VALUES` lists or a statement per row. The domain calls these
//! with rows; the choice is one `match` on the connection, here.

use crate::db::column;
use crate::db::enums::InvitationStatus;
use crate::db::ids::{InvitationId, MemberId};
use crate::db::models::{NewAuditEvent, NewInvitation};
use crate::db::schema::{audit_events, invitations};
use crate::db::{DbConnection, ROWS_PER_STATEMENT};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Integer, Nullable, Text, Timestamp};
use std::collections::HashMap;
use time::PrimitiveDateTime;

/// Runs `$body` with `$c` bound to the backend's own connection: for the statements Diesel's
/// `MultiConnection` cannot run itself (multi-row inserts, many rows `RETURNING`). The same
/// query on either backend; what differs by backend is written in this module.
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Pg($c) => $body,
            $crate::db::DbConnection::Sqlite($c) => $body,
        }
    };
}

/// Audit events; on PostgreSQL many at once are one statement (10,000 events of a bulk
/// invitation were 20 statements of 3,500 parameters).
pub fn insert_audit_events(conn: &mut DbConnection, rows: &[NewAuditEvent<'_>]) -> QueryResult<()> {
    if let DbConnection::Pg(pg) = conn {
        if rows.len() > 1 {
            diesel::sql_query(
                "INSERT INTO audit_events (org_id, actor_account_id, action, subject, details, \
                 request_id, created_at) \
                 SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind::<Array<Nullable<BigInt>>, _>(column(rows, |r| r.org_id.map(|o| o.get())))
            .bind::<Array<Nullable<BigInt>>, _>(column(rows, |r| {
                r.actor_account_id.map(|a| a.get())
            }))
            .bind::<Array<Text>, _>(column(rows, |r| r.action.as_str()))
            .bind::<Array<Text>, _>(column(rows, |r| r.subject))
            .bind::<Array<Text>, _>(column(rows, |r| r.details))
            .bind::<Array<Text>, _>(column(rows, |r| r.request_id))
            .bind::<Array<Timestamp>, _>(column(rows, |r| r.created_at))
            .execute(pg)?;
            return Ok(());
        }
    }
    for part in rows.chunks(ROWS_PER_STATEMENT) {
        let insert = diesel::insert_into(audit_events::table).values(part);
        on_backend!(&mut *conn, |c| insert.execute(c))?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct Made {
    #[diesel(sql_type = BigInt)]
    member_id: MemberId,
    #[diesel(sql_type = BigInt)]
    id: InvitationId,
}

/// Invitations, one per card; their ids by card. On PostgreSQL every invitation is one
/// statement: 10,000 cards as 500-row `VALUES` lists were 20 statements of 7,000 parameters,
/// each parsed and bound anew (4.7 ms of every 24 ms).
pub fn insert_invitations(
    conn: &mut DbConnection,
    rows: &[NewInvitation<'_>],
) -> QueryResult<HashMap<MemberId, InvitationId>> {
    if let DbConnection::Pg(pg) = conn {
        let made: Vec<Made> = diesel::sql_query(
            "INSERT INTO invitations (org_id, member_id, inviter_account_id, channel, recipient, \
             token_hash, token_generation, status, department_id, grant_admin, message, locale, \
             created_at, batch_id) \
             SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
             RETURNING member_id, id",
        )
        .bind::<Array<BigInt>, _>(column(rows, |r| r.org_id.get()))
        .bind::<Array<BigInt>, _>(column(rows, |r| r.member_id.get()))
        .bind::<Array<Nullable<BigInt>>, _>(column(rows, |r| r.inviter_account_id.map(|a| a.get())))
        .bind::<Array<Text>, _>(column(rows, |r| r.channel.as_str()))
        .bind::<Array<Text>, _>(column(rows, |r| r.recipient))
        .bind::<Array<Nullable<Text>>, _>(column(rows, |r| r.token_hash))
        .bind::<Array<Integer>, _>(column(rows, |r| r.token_generation))
        .bind::<Array<Text>, _>(column(rows, |r| r.status.as_str()))
        .bind::<Array<Nullable<BigInt>>, _>(column(rows, |r| r.department_id.map(|d| d.get())))
        .bind::<Array<Bool>, _>(column(rows, |r| r.grant_admin))
        .bind::<Array<Text>, _>(column(rows, |r| r.message))
        .bind::<Array<Text>, _>(column(rows, |r| r.locale))
        .bind::<Array<Timestamp>, _>(column(rows, |r| r.created_at))
        .bind::<Array<Nullable<BigInt>>, _>(column(rows, |r| r.batch_id.map(|b| b.get())))
        .load(pg)?;
        return Ok(made.into_iter().map(|m| (m.member_id, m.id)).collect());
    }
    let mut ids = HashMap::with_capacity(rows.len());
    for part in rows.chunks(ROWS_PER_STATEMENT) {
        let insert = diesel::insert_into(invitations::table)
            .values(part)
            .returning((invitations::member_id, invitations::id));
        let made: Vec<(MemberId, InvitationId)> =
            on_backend!(&mut *conn, |c| insert.get_results(c))?;
        ids.extend(made);
    }
    Ok(ids)
}

/// A link minted for a queued invitation: the SHA-256 of its token and when it expires.
#[derive(Debug, Clone, Copy)]
pub struct MintedLink<'a> {
    pub invitation_id: InvitationId,
    pub token_hash: &'a str,
    pub expires_at: PrimitiveDateTime,
}

/// Stores minted links on the invitations still queued (one no longer queued is left alone):
/// one statement per part on PostgreSQL, one per link inside SQLite's transaction. Not their
/// sending time: that is when the server takes the message (`domain::delivery::record_sent`).
pub fn store_minted_links(conn: &mut DbConnection, links: &[MintedLink<'_>]) -> QueryResult<()> {
    if let DbConnection::Pg(pg) = conn {
        for part in links.chunks(ROWS_PER_STATEMENT) {
            diesel::sql_query(
                "UPDATE invitations SET token_hash = v.token_hash, expires_at = v.expires_at \
                 FROM unnest($1, $2, $3) AS v(id, token_hash, expires_at) \
                 WHERE invitations.id = v.id AND invitations.status = $4",
            )
            .bind::<Array<BigInt>, _>(column(part, |l| l.invitation_id.get()))
            .bind::<Array<Text>, _>(column(part, |l| l.token_hash))
            .bind::<Array<Timestamp>, _>(column(part, |l| l.expires_at))
            .bind::<Text, _>(InvitationStatus::Queued.as_str())
            .execute(pg)?;
        }
        return Ok(());
    }
    for link in links {
        diesel::update(
            invitations::table
                .filter(invitations::id.eq(link.invitation_id))
                .filter(invitations::status.eq(InvitationStatus::Queued)),
        )
        .set((
            invitations::token_hash.eq(link.token_hash),
            invitations::expires_at.eq(link.expires_at),
        ))
        .execute(conn)?;
    }
    Ok(())
}
