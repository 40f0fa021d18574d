//! Pages reached by "next" and "previous" (issue 10 P1: deep pages). Such a page starts from a
//! card of the page it was reached from — after its last card, or before its first — and reads
//! from there in the table's order, as the first page reads from the start, instead of reading
//! and skipping every card before it (`OFFSET`). A page asked for by number alone still skips.

use super::condition::{Condition, Piece};
use super::list::SortBy;
use crate::db::enums::MemberStatus;
use crate::db::ids::{MemberId, OrgId};
use crate::db::schema::members;
use crate::db::DbConnection;
use diesel::prelude::*;
use time::PrimitiveDateTime;

type Db = <DbConnection as Connection>::Backend;

/// The card a page was reached from: the page holds the cards after it, or those before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    After(MemberId),
    Before(MemberId),
}

/// The table's order as one direction over its sort columns, the key last (ties broken by it, so
/// every card has one place). Newest first is descending by key whatever `dir` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Order {
    sort: SortBy,
    ascending: bool,
}

impl Order {
    pub(super) fn of((sort, descending): (SortBy, bool)) -> Self {
        Order {
            sort,
            ascending: sort != SortBy::Newest && !descending,
        }
    }

    /// The same columns the other way: what a page before a card reads, nearest first.
    pub(super) fn reversed(self) -> Self {
        Order {
            ascending: !self.ascending,
            ..self
        }
    }

    /// The query in this order.
    pub(super) fn apply<'a>(self, q: members::BoxedQuery<'a, Db>) -> members::BoxedQuery<'a, Db> {
        use members::{id, invite_status, last_invited_at, name_key};
        match (self.sort, self.ascending) {
            (SortBy::Newest, true) => q.order(id.asc()),
            (SortBy::Newest, false) => q.order(id.desc()),
            (SortBy::Name, true) => q.order((name_key.asc(), id.asc())),
            (SortBy::Name, false) => q.order((name_key.desc(), id.desc())),
            (SortBy::Status, true) => q.order((invite_status.asc(), id.asc())),
            (SortBy::Status, false) => q.order((invite_status.desc(), id.desc())),
            // Never invited sorts as the oldest, on both backends (which put NULL at different
            // ends).
            (SortBy::LastInvited, true) => q.order((
                last_invited_at.is_not_null().asc(),
                last_invited_at.asc(),
                id.asc(),
            )),
            (SortBy::LastInvited, false) => q.order((
                last_invited_at.is_not_null().desc(),
                last_invited_at.desc(),
                id.desc(),
            )),
        }
    }
}

/// The columns of a card that place it in every order.
#[derive(Debug, Clone, Queryable)]
struct Place {
    name_key: String,
    invite_status: MemberStatus,
    last_invited_at: Option<PrimitiveDateTime>,
}

/// The condition naming the organisation's cards that come after `card` in `order`. None when
/// the order needs the card's columns and it is not one of the organisation's (removed since,
/// or an edited address): the page is then read by its number.
pub(super) fn beyond(
    conn: &mut DbConnection,
    org_id: OrgId,
    order: Order,
    card: MemberId,
) -> QueryResult<Option<Condition>> {
    let key = card.get();
    let cmp = if order.ascending { " > " } else { " < " };
    if order.sort == SortBy::Newest {
        // The key alone places a card: no need to read it.
        return Ok(Some(row_after(&["members.id"], cmp, vec![Piece::Key(key)])));
    }
    let Some(place) = members::table
        .filter(members::id.eq(card))
        .filter(members::org_id.eq(org_id))
        .select((
            members::name_key,
            members::invite_status,
            members::last_invited_at,
        ))
        .first::<Place>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    // Row values compare column by column, as the order does, and let an index on the columns
    // start at the card (SQLite since 3.15; PostgreSQL).
    Ok(Some(match order.sort {
        // Newest first was answered above, without the look-up.
        SortBy::Name | SortBy::Newest => row_after(
            &["members.name_key", "members.id"],
            cmp,
            vec![Piece::Text(place.name_key), Piece::Key(key)],
        ),
        SortBy::Status => row_after(
            &["members.invite_status", "members.id"],
            cmp,
            vec![
                Piece::Text(place.invite_status.as_str().to_owned()),
                Piece::Key(key),
            ],
        ),
        SortBy::LastInvited => after_last_invited(order.ascending, place.last_invited_at, key),
    }))
}

/// `(columns…) cmp (values…)`.
fn row_after(columns: &[&str], cmp: &str, values: Vec<Piece>) -> Condition {
    let mut pieces = vec![Piece::Sql(format!("({}){cmp}(", columns.join(", ")))];
    for (i, value) in values.into_iter().enumerate() {
        if i > 0 {
            pieces.push(Piece::Sql(", ".into()));
        }
        pieces.push(value);
    }
    pieces.push(Piece::Sql(")".into()));
    Condition::new(pieces, true)
}

/// After a card in the order by last invitation, where the never invited come first ascending
/// and last descending. A row comparison with NULL in it is NULL, so the never invited are
/// named apart.
fn after_last_invited(ascending: bool, at: Option<PrimitiveDateTime>, key: i64) -> Condition {
    const NEVER: &str = "members.last_invited_at IS NULL";
    let pieces = match (at, ascending) {
        // Every invited card, then the never invited after this one.
        (None, true) => vec![
            Piece::Sql(format!("NOT {NEVER} OR ({NEVER} AND members.id > ")),
            Piece::Key(key),
            Piece::Sql(")".into()),
        ],
        // Only never invited cards remain, those before this one.
        (None, false) => vec![
            Piece::Sql(format!("{NEVER} AND members.id < ")),
            Piece::Key(key),
        ],
        // Later invitations (the comparison leaves the never invited out).
        (Some(at), true) => vec![
            Piece::Sql("(members.last_invited_at, members.id) > (".into()),
            Piece::Time(at),
            Piece::Sql(", ".into()),
            Piece::Key(key),
            Piece::Sql(")".into()),
        ],
        // Earlier invitations, then every never invited card.
        (Some(at), false) => vec![
            Piece::Sql(format!(
                "{NEVER} OR (members.last_invited_at, members.id) < ("
            )),
            Piece::Time(at),
            Piece::Sql(", ".into()),
            Piece::Key(key),
            Piece::Sql(")".into()),
        ],
    };
    Condition::new(pieces, true)
}
